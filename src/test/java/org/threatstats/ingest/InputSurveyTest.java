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
import org.threatstats.io.Hashes;

/**
 * The survey reads a file once for its SHA-256, the blocks the ingest will read and their fingerprints, and the
 * slices the partitions will read. Its cuts must be record boundaries (line ends outside quotes), with the physical
 * line each block starts on, whatever the quoted line ends and doubled quotes around them: checked here against
 * reading the whole file byte by byte. The blocks must read back as exactly the file's bytes, also from a block in
 * the middle (a restart), and a byte changed since the survey must be caught.
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

    /** Writes {@code notes.csv} of at least {@code size} bytes and returns its bytes. */
    private byte[] notes(long seed, int size) throws Exception {
        byte[] bytes = csv(new Random(seed), size);
        Files.write(dir.resolve("notes.csv"), bytes);
        return bytes;
    }

    private static final int BLOCK = 256 << 10;
    private static final long SLICE = 1 << 20;

    @Test
    void cutsBlocksAndSlicesAtRecordBoundariesWithTheirLinesAndHashesTheWholeFile() throws Exception {
        byte[] bytes = notes(6, 5_456_789);
        Path file = dir.resolve("notes.csv");
        Map<Long, Long> reference = recordStarts(bytes);
        List<Long> boundaries = new ArrayList<>(reference.keySet());
        List<Long> lines = new ArrayList<>(reference.values());
        CsvHeader header = CsvHeader.read(file, List.of("id", "note", "value"));
        assertThat(header.ok()).isTrue();
        InputFile input = new InputSurvey(BLOCK, SLICE).survey("notes", file, header);
        assertThat(input.sha256()).isEqualTo(Hashes.sha256(bytes));
        // a block starts at the first record start after every 192 KB (the block size less 64 KB) of the body
        List<Long> starts = new ArrayList<>(List.of(header.bodyStart()));
        List<Long> startLines = new ArrayList<>(List.of(2L));
        for (long target = header.bodyStart() + (192 << 10); target < bytes.length; target += 192 << 10) {
            int at = 0;
            while (at < boundaries.size() && boundaries.get(at) <= target) {
                at++;
            }
            if (at < boundaries.size() && boundaries.get(at) < bytes.length
                    && starts.get(starts.size() - 1) < boundaries.get(at)) {
                starts.add(boundaries.get(at));
                startLines.add(lines.get(at));
            }
        }
        assertThat(starts).hasSizeGreaterThan(25);
        List<Long> blockStarts = new ArrayList<>();
        List<Long> blockLines = new ArrayList<>();
        List<InputFile.Slice> slices = input.slices();
        assertThat(slices).as("slices of about 1 MB").hasSize(5);
        assertThat(slices.get(slices.size() - 1).end()).isEqualTo(bytes.length);
        for (int i = 0; i < slices.size(); i++) {
            InputFile.Slice slice = slices.get(i);
            if (i > 0) {
                assertThat(slice.start()).isEqualTo(slices.get(i - 1).end());
                assertThat(slice.firstLine()).isEqualTo(reference.get(slice.start()));
            }
            long lineEnds = 0;
            for (long p = slice.start(); p < slice.end(); p++) {
                lineEnds += bytes[(int) p] == '\n' ? 1 : 0;
            }
            assertThat(slice.lineEnds()).isEqualTo(lineEnds);
            for (int b = 0; b < slice.blocks(); b++) {
                blockStarts.add(slice.blockStarts()[b]);
                blockLines.add(slice.blockLines()[b]);
                int from = (int) slice.blockStarts()[b];
                int to = (int) slice.blockEnd(b);
                byte[] block = Arrays.copyOfRange(bytes, from, to);
                assertThat(slice.blockHashes()[b]).as("block at %d", from)
                        .isEqualTo(BlockHash.of(block, block.length));
            }
        }
        assertThat(blockStarts).isEqualTo(starts);
        assertThat(blockLines).isEqualTo(startLines);
    }

    @Test
    void theIngestReadsWholeRecordsFromBlockToBlockWithTheirLinesAlsoAfterARestart() throws Exception {
        byte[] bytes = notes(8, 3_234_567);
        Path file = dir.resolve("notes.csv");
        Map<Long, Long> lineAt = recordStarts(bytes);
        CsvHeader header = CsvHeader.read(file, List.of("id", "note", "value"));
        InputFile input = new InputSurvey(BLOCK, SLICE).survey("notes", file, header);
        for (InputFile.Slice slice : input.slices()) {
            // from the slice's start, and as a restart resumes: from a committed block
            for (int first : new int[] {0, slice.blocks() / 2}) {
                long at = slice.blockStarts()[first];
                try (BlockReader reader = new BlockReader(input, slice, first, new BlockPool(BLOCK))) {
                    RecordBlock block;
                    while ((block = reader.read()) != null) {
                        assertThat(block.offset()).isEqualTo(at);
                        assertThat(block.firstLine()).as("line at %d", at).isEqualTo(
                                at == header.bodyStart() ? 2 : lineAt.get(at));
                        assertThat(Arrays.copyOf(block.bytes(), block.length()))
                                .isEqualTo(Arrays.copyOfRange(bytes, (int) at, (int) at + block.length()));
                        at += block.length();
                        assertThat(lineAt).as("a block ends at a record boundary").containsKey(at);
                    }
                    assertThat(reader.nextBlock()).isEqualTo(slice.blocks());
                }
                assertThat(at).isEqualTo(slice.end());
            }
        }
    }

    @Test
    void aByteChangedAfterTheSurveyFailsTheReadOfItsBlock() throws Exception {
        byte[] bytes = notes(9, 1_000_000);
        Path file = dir.resolve("notes.csv");
        CsvHeader header = CsvHeader.read(file, List.of("id", "note", "value"));
        InputFile input = new InputSurvey(BLOCK, SLICE).survey("notes", file, header);
        InputFile.Slice slice = input.slices().get(0);
        int target = (int) slice.blockStarts()[2] + 10;
        // the same size, the same time: only the content tells
        bytes[target] = (byte) (bytes[target] == '7' ? '8' : '7');
        long time = Files.getLastModifiedTime(file).toMillis();
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(time));
        try (BlockReader reader = new BlockReader(input, slice, 0, new BlockPool(BLOCK))) {
            reader.read();
            reader.read();
            org.assertj.core.api.Assertions.assertThatThrownBy(reader::read)
                    .isInstanceOf(BlockReader.InputChangedException.class)
                    .hasMessageContaining("notes.csv was changed while this run read it")
                    .hasMessageContaining("offset " + slice.blockStarts()[2]);
        }
    }

    @Test
    void anEmptyBodyIsOneEmptySlice() throws Exception {
        Files.writeString(dir.resolve("notes.csv"), "id,note,value\n");
        Path file = dir.resolve("notes.csv");
        CsvHeader header = CsvHeader.read(file, List.of("id", "note", "value"));
        InputFile input = new InputSurvey(BLOCK, SLICE).survey("notes", file, header);
        assertThat(input.slices()).hasSize(1);
        assertThat(input.slices().get(0).blocks()).isZero();
    }

    @Test
    void hashesFilesOfAnySizeLikeMessageDigest() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3_000_001}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = dir.resolve("random-" + size);
            Files.write(file, bytes);
            assertThat(Hashes.sha256(file)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance(
                    "SHA-256").digest(bytes)));
        }
    }
}
