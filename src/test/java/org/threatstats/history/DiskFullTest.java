package org.threatstats.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * A disk that fills up while a revision is being written (issue "faults while publishing", item 1): the run fails
 * with one sentence, leaves no partial file and every earlier revision as it was, and the same command completes
 * once space is freed, with the bytes of an uninterrupted run. The full disk is a small tmpfs the test mounts (it
 * needs root, as CI has); where mounting is not allowed the test is skipped, since filling the machine's own disk
 * is no test to run.
 */
class DiskFullTest {
    private static final String JOB = "annual-threat-report";
    private static final String CORRECTION = "X-NEW,2025-03-30,30,Male,Islamist,Charged\n";

    @TempDir
    Path dir;

    @Test
    void aFullDiskWhilePublishingFailsInOneSentenceAndTheSameCommandFinishesOnceThereIsRoom() throws Exception {
        Path reference = uninterrupted(dir.resolve("reference"));
        Path ws = Runs.workspace(dir.resolve("ws"));
        Path tree = ws.resolve("output").resolve(JOB);
        // the job's tree (where revisions are written) on a small file system of its own
        try (Tmpfs small = Tmpfs.mount(tree, "2m")) {
            assertThat(Runs.run(ws, JOB).exitCode()).isZero();
            Map<String, String> before = Published.hashes(tree.resolve("2025-03/revision-1"));
            correct(ws);
            Path filler = small.fillLeaving(100 * 1024);

            Runs.Result full = Runs.run(ws, JOB);

            assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
            assertThat(full.err()).as(full.toString()).containsPattern("no space left on " + quote(tree)
                    + " \\(tmpfs\\) while writing " + quote(tree.resolve("2025-03/revision-2")) + "/[^ ;]+; nothing "
                    + "was published").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(Published.tree(tree)).as("no partial or temporary file, no revision 2")
                    .noneMatch(p -> p.contains(".partial") || p.contains(".tmp") || p.contains("revision-2"));
            assertThat(Published.hashes(tree.resolve("2025-03/revision-1"))).isEqualTo(before);
            assertThat(Files.readSymbolicLink(tree.resolve("2025-03/latest")).toString()).isEqualTo("revision-1");

            Files.delete(filler);
            Runs.Result again = Runs.run(ws, JOB);

            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("published revision 2");
            assertThat(Published.hashes(tree.resolve("2025-03/revision-1"))).isEqualTo(before);
            assertSameReports(tree.resolve("2025-03/revision-2"), reference.resolve("2025-03/revision-2"));
        }
    }

    @Test
    void aFullDiskUnderTheWholeOutputFolderDoesNotLeaveARunThatCannotResume() throws Exception {
        Path reference = uninterrupted(dir.resolve("reference"));
        Path ws = Runs.workspace(dir.resolve("ws"));
        Path output = ws.resolve("output");
        // the repository, the work files and the logs on the full disk too: whatever write fails first
        try (Tmpfs small = Tmpfs.mount(output, "2m")) {
            assertThat(Runs.run(ws, JOB).exitCode()).isZero();
            Map<String, String> before = Published.hashes(output.resolve(JOB + "/2025-03/revision-1"));
            correct(ws);
            Path filler = small.fillLeaving(100 * 1024);

            Runs.Result full = Runs.run(ws, JOB);

            assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
            assertThat(full.err()).as(full.toString()).doesNotContain("\tat ");
            assertThat(Published.tree(output.resolve(JOB))).noneMatch(p -> p.contains(".partial")
                    || p.contains(".tmp") || p.contains("revision-2"));
            assertThat(Published.hashes(output.resolve(JOB + "/2025-03/revision-1"))).isEqualTo(before);

            Files.delete(filler);
            Runs.Result again = Runs.run(ws, JOB);

            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("published revision 2");
            assertSameReports(output.resolve(JOB + "/2025-03/revision-2"), reference.resolve("2025-03/revision-2"));
        }
    }

    /** The same two runs with room to spare: revision 1, then the corrected revision 2. */
    private static Path uninterrupted(Path dir) throws IOException {
        Path ws = Runs.workspace(dir);
        assertThat(Runs.run(ws, JOB).exitCode()).isZero();
        correct(ws);
        Runs.Result second = Runs.run(ws, JOB);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        return ws.resolve("output").resolve(JOB);
    }

    private static void correct(Path ws) throws IOException {
        Files.writeString(ws.resolve("input/arrests.csv"), CORRECTION, StandardOpenOption.APPEND);
    }

    /** The workbooks, the PDF, the HTML and figures.csv, byte for byte (the manifest names its own run). */
    private static void assertSameReports(Path revision, Path expected) {
        Map<String, String> got = Published.hashes(revision);
        Map<String, String> want = Published.hashes(expected);
        got.remove(Manifest.FILE_NAME);
        want.remove(Manifest.FILE_NAME);
        assertThat(got).hasSize(5).isEqualTo(want);
    }

    private static String quote(Path p) {
        return java.util.regex.Pattern.quote(p.toString());
    }

    /** A tmpfs mounted on a folder for the length of a test. */
    private static final class Tmpfs implements AutoCloseable {
        private final Path mountPoint;

        private Tmpfs(Path mountPoint) {
            this.mountPoint = mountPoint;
        }

        static Tmpfs mount(Path at, String size) throws Exception {
            Files.createDirectories(at);
            int code = command("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
            Assumptions.assumeTrue(code == 0, "cannot mount a tmpfs here (not root, or not allowed): skipped");
            return new Tmpfs(at);
        }

        /** Fills the file system with one file until it is full, then gives back {@code free} bytes. */
        Path fillLeaving(long free) throws IOException {
            Path filler = mountPoint.resolve("filler");
            try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(64 * 1024);
                try {
                    while (true) {
                        block.clear();
                        channel.write(block);
                    }
                } catch (IOException full) {
                    // no space left on the device: as intended
                }
                channel.truncate(Math.max(0, channel.size() - free));
            }
            assertThat(Files.getFileStore(mountPoint).getUsableSpace()).isLessThan(free + 64 * 1024);
            return filler;
        }

        @Override
        public void close() throws Exception {
            if (command("umount", mountPoint.toString()) != 0) {
                command("umount", "-l", mountPoint.toString());
            }
        }

        private static int command(String... args) throws Exception {
            Process p = new ProcessBuilder(List.of(args)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        }
    }
}
