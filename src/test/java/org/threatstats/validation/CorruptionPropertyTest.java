package org.threatstats.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import java.util.ArrayList;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.threatstats.support.Baseline;
import org.threatstats.support.Counting;
import org.threatstats.support.Runs;

/**
 * Random corruptions of single cells of the valid sample: each one is either rejected with its line, or harmless
 * and leaves every figure exactly as it was. Never a wrong published number. A seeded generator (the same 30
 * cases every run; change {@link #SEED} to explore others) rather than a property-testing library.
 */
class CorruptionPropertyTest {
    static final String[] COLUMNS = {"arrest_id", "arrest_date", "age", "sex", "ideology", "outcome"};

    enum Kind {
        JUNK, UPPER_CASE, SPACES, COMMA, QUOTE, NOT_UTF8, OUT_OF_RANGE, EMPTY
    }

    record Corruption(int line, int column, Kind kind, int pick) {
        @Override
        public String toString() {
            return kind + " in " + COLUMNS[column] + " on line " + line + " (" + pick + ")";
        }
    }

    static final long SEED = 20261127L;
    static final int CASES = 30;

    /** An empty age is valid ("Not stated"), so emptying it is a real change, not a corruption. */
    static Stream<Corruption> corruptions() {
        Random random = new Random(SEED);
        List<Corruption> all = new ArrayList<>();
        while (all.size() < CASES) {
            Corruption c = new Corruption(2 + random.nextInt(2823), random.nextInt(6),
                    Kind.values()[random.nextInt(Kind.values().length)], random.nextInt(1000));
            if (!(c.kind() == Kind.EMPTY && COLUMNS[c.column()].equals("age"))) {
                all.add(c);
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void eachCorruptionIsRejectedWithItsLineOrLeavesEveryFigureUnchanged(Corruption c, @TempDir Path dir)
            throws Exception {
        Baseline b = Baseline.in(dir);
        byte[] original = Files.readAllBytes(b.input("arrests.csv"));
        byte[] corrupted = corrupt(original, c);
        Files.write(b.input("arrests.csv"), corrupted);
        Runs.Result result = b.run();
        if (java.util.Arrays.equals(original, corrupted)) {
            // e.g. upper-casing a date: the same bytes, so the same run, already published
            assertThat(result.out()).contains("up to date");
            return;
        }
        if (result.exitCode() == 2) {
            List<String> lines = Counting.records(b.rejects()).stream().map(r -> r.get("line")).toList();
            assertThat(lines).as("%s: %s", c, result.err()).contains(Integer.toString(c.line()));
            b.assertNothingLost();
        } else {
            // accepted, so it must change no figure: no revision is published for it
            assertThat(result.exitCode()).as("%s: %s", c, result).isZero();
            assertThat(result.out()).as("%s was accepted, so it must change no figure", c)
                    .contains("inputs changed, no figure changed");
            assertThat(b.reports().resolve("2025-03/revision-2")).doesNotExist();
            b.assertNothingLost();
        }
    }

    static byte[] corrupt(byte[] file, Corruption c) {
        String text = new String(file, StandardCharsets.UTF_8);
        int start = FileProblemsTest.nthLineStart(text, c.line());
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end);
        List<String> fields = List.of(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1));
        String value = fields.get(c.column());
        String junk = switch (c.kind()) {
            case JUNK -> List.of("abc", "N/A", "#REF!", "?", "1e3", "2021-13-01", "31 June 2021", "xx-yy",
                    "male?", "--", "0x1F", "NULL").get(c.pick() % 12);
            case UPPER_CASE -> value.toUpperCase(Locale.ROOT);
            case SPACES -> "  " + value + " ";
            case COMMA -> value.isEmpty() ? "," : value.substring(0, 1) + "," + value.substring(1);
            case QUOTE -> value.isEmpty() ? "a\"b" : value.substring(0, 1) + "\"" + value.substring(1);
            case NOT_UTF8 -> value + "\u0000NOTUTF8";
            case OUT_OF_RANGE -> List.of("150", "9", "-3", "2021-02-30", "2019-00-10", "Mal e").get(c.pick() % 6);
            case EMPTY -> "";
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder before = new StringBuilder(text.substring(0, start));
        for (int i = 0; i < c.column(); i++) {
            before.append(fields.get(i)).append(',');
        }
        out.writeBytes(before.toString().getBytes(StandardCharsets.UTF_8));
        if (c.kind() == Kind.NOT_UTF8) {
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.write(0xC3); // a lead byte with no continuation: not UTF-8
            out.write('(');
        } else {
            out.writeBytes(junk.getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder after = new StringBuilder();
        for (int i = c.column() + 1; i < fields.size(); i++) {
            after.append(',').append(fields.get(i));
        }
        after.append(text.substring(end));
        out.writeBytes(after.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
