package org.threatstats.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading through memory-mapped windows gives the file's bytes in order, whatever the window and buffer sizes. */
class MappedReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryByteOnceAcrossWindowAndBufferEnds() throws Exception {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, 4095, 4096, 100_000}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = dir.resolve("f" + size);
            Files.write(file, bytes);
            for (long window : new long[] {4096, 10_000, 1 << 20}) {
                for (int buffer : new int[] {1, 777, 4096, 65_536}) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (FileChannel channel = FileChannel.open(file);
                            MappedReader in = new MappedReader(channel, window)) {
                        byte[] b = new byte[buffer];
                        int n;
                        while ((n = in.read(b)) >= 0) {
                            assertThat(n).isPositive();
                            out.write(b, 0, n);
                        }
                        assertThat(in.read(b)).isEqualTo(-1);
                    }
                    assertThat(out.toByteArray()).as("size %d, window %d, buffer %d", size, window, buffer)
                            .isEqualTo(bytes);
                }
            }
        }
    }

    @Test
    void readsRangesAtAnyPositionIncludingBackIntoAnEarlierWindow() throws Exception {
        Random random = new Random(12);
        byte[] bytes = new byte[100_000];
        random.nextBytes(bytes);
        Path file = dir.resolve("ranges");
        Files.write(file, bytes);
        for (long window : new long[] {4096, 10_000, 1 << 20}) {
            try (FileChannel channel = FileChannel.open(file);
                    MappedReader in = new MappedReader(channel, window)) {
                long position = 0;
                while (position < bytes.length) {
                    int length = (int) Math.min(bytes.length - position, 1 + random.nextInt(30_000));
                    byte[] b = new byte[length + 5];
                    in.read(position, b, length);
                    assertThat(Arrays.copyOf(b, length)).as("window %d, %d bytes at %d", window, length, position)
                            .isEqualTo(Arrays.copyOfRange(bytes, (int) position, (int) position + length));
                    // the next read starts a little before this one's end, as the block reader's do
                    position += Math.max(1, length - random.nextInt(Math.min(length, 9000)));
                }
                assertThatThrownBy(() -> in.read(bytes.length - 10, new byte[20], 20))
                        .isInstanceOf(IOException.class).hasMessageContaining("became shorter");
            }
        }
    }
}
