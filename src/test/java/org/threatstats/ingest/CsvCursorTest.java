package org.threatstats.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The cursor reads common records a word at a time and everything else byte by byte; the reader finds a block's
 * last record end from a count of quotes and line ends and a short walk back. Both shortcuts must agree with
 * reading byte by byte on any input, which these tests check on seeded random bytes rich in commas, quotes, CR, LF
 * and non-ASCII bytes.
 */
class CsvCursorTest {
    /** The first four are ordinary; the rest are what the shortcuts must hand over or handle exactly. */
    private static final byte[][] PIECES = {utf8("a"), utf8("Male"), utf8("2024-03-31"),
            utf8("Released on bail or under investigation"), utf8(","), utf8(","), utf8(","), utf8("\n"),
            utf8("\r\n"), utf8("\r"), utf8("\""), utf8("\"\""), utf8(" "), utf8("é"), {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82}, utf8("\"x,\ny\"")};

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Mostly ordinary records (so the fast path is taken), with rare odd bytes anywhere. */
    private static byte[] randomCsv(Random random, int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < records; r++) {
            int fields = 1 + random.nextInt(8);
            for (int f = 0; f < fields; f++) {
                if (f > 0) {
                    out.write(',');
                }
                int parts = random.nextInt(4);
                for (int k = 0; k < parts; k++) {
                    byte[] piece = random.nextInt(12) == 0 ? PIECES[random.nextInt(PIECES.length)]
                            : PIECES[random.nextInt(4)];
                    out.writeBytes(piece);
                }
            }
            out.writeBytes(random.nextInt(5) == 0 ? utf8("\r\n") : utf8("\n"));
        }
        if (random.nextBoolean()) {
            out.writeBytes(utf8("last,without,line end"));
        }
        return out.toByteArray();
    }

    /** Everything a record exposes, as text, record after record. */
    private static List<String> read(byte[] bytes, int from, int to, boolean wordAtATime) {
        CsvCursor cursor = new CsvCursor(6, wordAtATime);
        cursor.reset(bytes, from, to, 7);
        List<String> records = new ArrayList<>();
        while (cursor.next()) {
            StringBuilder s = new StringBuilder();
            s.append(cursor.recordLine()).append('@').append(cursor.recordStart())
                    .append(cursor.blank() ? " blank" : "").append(" problem=").append(cursor.problem())
                    .append('/').append(cursor.problemField());
            for (int f = 0; f < cursor.fieldCount(); f++) {
                s.append(" [").append(cursor.start(f)).append(',').append(cursor.end(f)).append(cursor.escaped(f)
                        ? " escaped " : " ").append(cursor.text(f)).append(']');
            }
            s.append(" -> ").append(cursor.position()).append(" line ").append(cursor.line());
            records.add(s.toString());
        }
        return records;
    }

    @Test
    void wordAtATimeReadsEveryRecordAsByteByByteDoes() {
        Random random = new Random(20261127);
        int records = 0;
        for (int round = 0; round < 400; round++) {
            byte[] csv = randomCsv(random, 1 + random.nextInt(60));
            // as in a partition's pooled block: the range sits inside a larger array, with stale bytes around it
            // that a shortcut must never read (line ends, quotes and non-UTF-8 bytes)
            int from = random.nextInt(20);
            byte[] bytes = new byte[from + csv.length + random.nextInt(20)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) "\n\",\u00ff".charAt(random.nextInt(4));
            }
            System.arraycopy(csv, 0, bytes, from, csv.length);
            int to = from + csv.length;
            List<String> expected = read(bytes, from, to, false);
            assertThat(read(bytes, from, to, true)).as("round %d: %s", round, new String(csv,
                    StandardCharsets.ISO_8859_1)).containsExactlyElementsOf(expected);
            records += expected.size();
        }
        assertThat(records).isGreaterThan(5000);
    }

    @Test
    void commonRecordsAreReadAWordAtATime() {
        // (a record is read a word at a time when eight bytes from its line end are still in the range)
        for (String record : List.of("A0000000001,2015-09-05,,Male,Islamist,Charged\nthe next record",
                "A0000000002,2018-11-10,60,Male,Not stated,Released without charge\r\nthe next record",
                "a,b\nc,d\ne,f\n")) {
            byte[] bytes = utf8(record);
            CsvCursor cursor = new CsvCursor(6);
            cursor.reset(bytes, 0, bytes.length, 1);
            assertThat(cursor.plain()).as(record).isTrue();
        }
        for (String record : List.of("A1,\"Left-wing, anarchist or single-issue\",x\nmore", "é,b,c\nmore and more",
                "\nafter a blank line", "short")) {
            byte[] bytes = utf8(record);
            CsvCursor cursor = new CsvCursor(6);
            cursor.reset(bytes, 0, bytes.length, 1);
            assertThat(cursor.plain()).as(record).isFalse();
            assertThat(cursor.position()).isZero();
        }
    }

    @Test
    void commonCasesAreReadTheSameBothWays() {
        for (String csv : List.of("a,b,c\n", "a,b,c\r\n", "a,,c\r\nd,e,f\n", "\n\nab,cd\n", "\r\nx\n",
                "one,two,three,four,five,six,seven,eight,nine,ten\n", "a,b\n\"q\",c\n", "abcdefg,\r\n",
                "a\rb,c\n", "x,y", "x,\n", "ab,cd,ef\n\"gh\"\n", "12345678901234567890,1\n", "é,ok\nok,ok\n")) {
            byte[] bytes = utf8(csv);
            assertThat(read(bytes, 0, bytes.length, true)).as(csv).containsExactlyElementsOf(read(bytes, 0,
                    bytes.length, false));
        }
    }

}
