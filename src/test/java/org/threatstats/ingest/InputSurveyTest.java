package org.threatstats.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The survey reads a file once for its SHA-256 and for the quote and line-end counts of each partition's share,
 * split wherever its read buffers happen to end. Its cuts must be record boundaries (line ends outside quotes),
 * with the physical line each partition starts on, whatever the quoted line ends and doubled quotes around them:
 * checked here against reading the whole file byte by byte.
 */
class InputSurveyTest {
    @TempDir
    Path dir;

    /** Records with quoted values that hold commas, doubled quotes and line ends, often enough near any cut. */
    private static byte[] csv(Random random, long atLeast) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("id,note,value\n".getBytes(StandardCharsets.UTF_8));
        for (long r = 0; out.size() < atLeast; r++) {
            StringBuilder b = new StringBuilder().append('A').append(r).append(',');
            switch (random.nextInt(6)) {
                case 0 -> b.append("\"two\nlines, and \"\"quoted\"\"\"");
                case 1 -> b.append("\"\n\n\"");
                case 2 -> b.append("\"a,b\"");
                default -> b.append("plain");
            }
            b.append(',').append(random.nextInt(1000));
            b.append(random.nextInt(20) == 0 ? "\r\n" : "\n");
            out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The reference: every record boundary (just past a line end outside quotes) and the line that starts there. */
    private static Map<Long, Long> recordStarts(byte[] bytes) {
        Map<Long, Long> starts = new LinkedHashMap<>();
        boolean quoted = false;
        long line = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '"') {
                quoted = !quoted;
            } else if (bytes[i] == '\n') {
                line++;
                if (!quoted) {
                    starts.put((long) i + 1, line);
                }
            }
        }
        return starts;
    }

    /** Writes {@code notes.csv}, large enough to be split, and returns its bytes. */
    private byte[] notes(long seed, int beyondSplit) throws Exception {
        byte[] bytes = csv(new Random(seed), InputSurvey.MIN_SPLIT_BYTES + beyondSplit);
        Files.write(dir.resolve("notes.csv"), bytes);
        return bytes;
    }

    @Test
    void cutsAtRecordBoundariesWithTheirLineNumbersAndHashesTheWholeFile() throws Exception {
        byte[] bytes = notes(6, 3_456_789);
        Path file = dir.resolve("notes.csv");
        Map<Long, Long> reference = recordStarts(bytes);
        List<Long> boundaries = new ArrayList<>(reference.keySet());
        List<Long> lines = new ArrayList<>(reference.values());
        CsvHeader header = CsvHeader.read(file, List.of("id", "note", "value"));
        assertThat(header.ok()).isTrue();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        for (int partitions : new int[] {1, 2, 3, 5}) {
            InputFile input = new InputSurvey(partitions, 256 << 10).survey("notes", file, header);
            assertThat(input.sha256()).isEqualTo(sha256);
            List<InputFile.Slice> slices = input.slices();
            assertThat(slices).hasSize(partitions);
            assertThat(slices.get(0).start()).isEqualTo(header.bodyStart());
            assertThat(slices.get(0).firstLine()).isEqualTo(2);
            assertThat(slices.get(slices.size() - 1).end()).isEqualTo(bytes.length);
            for (int i = 0; i < slices.size(); i++) {
                InputFile.Slice slice = slices.get(i);
                if (i > 0) {
                    assertThat(slice.start()).isEqualTo(slices.get(i - 1).end());
                    int at = boundaries.indexOf(slice.start());
                    assertThat(at).as("partition %d of %d starts at a record boundary", i, partitions)
                            .isNotNegative();
                    assertThat(slice.firstLine()).isEqualTo(lines.get(at));
                }
                long lineEnds = 0;
                for (long p = slice.start(); p < slice.end(); p++) {
                    lineEnds += bytes[(int) p] == '\n' ? 1 : 0;
                }
                assertThat(slice.lineEnds()).isEqualTo(lineEnds);
            }
            // a record start after every 192 KB (the block size less 64 KB) of the body, with its line
            List<Long> starts = new ArrayList<>();
            List<Long> startLines = new ArrayList<>();
            for (long target = header.bodyStart() + (192 << 10); target < bytes.length; target += 192 << 10) {
                int at = 0;
                while (at < boundaries.size() && boundaries.get(at) <= target) {
                    at++;
                }
                if (at < boundaries.size() && boundaries.get(at) < bytes.length
                        && (starts.isEmpty() || starts.get(starts.size() - 1) < boundaries.get(at))) {
                    starts.add(boundaries.get(at));
                    startLines.add(lines.get(at));
                }
            }
            assertThat(starts).hasSizeGreaterThan(90);
            assertThat(input.starts().offsets()).as("%d partitions", partitions).containsExactly(
                    starts.stream().mapToLong(Long::longValue).toArray());
            assertThat(input.starts().lines()).containsExactly(startLines.stream().mapToLong(Long::longValue)
                    .toArray());
        }
    }

    @Test
    void theIngestReadsWholeRecordsFromStartToStartWithTheirLinesAlsoAfterARestart() throws Exception {
        byte[] bytes = notes(8, 1_234_567);
        Path file = dir.resolve("notes.csv");
        Map<Long, Long> lineAt = recordStarts(bytes);
        CsvHeader header = CsvHeader.read(file, List.of("id", "note", "value"));
        int blockSize = 256 << 10;
        InputFile input = new InputSurvey(3, blockSize).survey("notes", file, header);
        for (InputFile.Slice slice : input.slices()) {
            // from the slice's start, and as a restart resumes: from a committed position with its line
            long third = slice.start() + (slice.end() - slice.start()) / 3;
            long resume = input.starts().offsets()[input.starts().after(third)];
            for (long from : new long[] {slice.start(), resume}) {
                ExecutionContext context = new ExecutionContext();
                context.putLong(CsvBlockReader.OFFSET, from);
                context.putLong(CsvBlockReader.LINE, from == slice.start() ? slice.firstLine() : lineAt.get(from));
                CsvBlockReader reader = new CsvBlockReader(file, slice, bytes.length, blockSize,
                        new BlockPool(blockSize), input.starts());
                reader.open(context);
                long at = from;
                int fromStarts = 0;
                RecordBlock block;
                while ((block = reader.read()) != null) {
                    assertThat(block.offset()).isEqualTo(at);
                    assertThat(block.firstLine()).as("line at %d", at).isEqualTo(lineAt.get(at));
                    assertThat(Arrays.copyOf(block.bytes(), block.length()))
                            .isEqualTo(Arrays.copyOfRange(bytes, (int) at, (int) at + block.length()));
                    at += block.length();
                    assertThat(lineAt).as("a block ends at a record boundary").containsKey(at);
                    fromStarts += Arrays.binarySearch(input.starts().offsets(), at) >= 0 ? 1 : 0;
                }
                reader.update(context);
                reader.close();
                assertThat(at).isEqualTo(slice.end());
                assertThat(context.getLong(CsvBlockReader.LINE)).isEqualTo(lineAt.get(slice.end()));
                assertThat(fromStarts).as("most blocks end at a start the survey found").isGreaterThan(3);
            }
        }
    }

    @Test
    void hashesFilesOfAnySizeLikeMessageDigest() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3_000_001}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = dir.resolve("random-" + size);
            Files.write(file, bytes);
            assertThat(InputSurvey.sha256(file)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance(
                    "SHA-256").digest(bytes)));
        }
    }
}
