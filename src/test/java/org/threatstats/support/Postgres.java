package org.threatstats.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for a test: the machine's PostgreSQL binaries (Debian's {@code postgresql} package,
 * which {@code .ci/run} installs), a new cluster in a temporary folder, a free port, trust authentication on
 * localhost. As root (CI), the server runs as the {@code postgres} user, as PostgreSQL requires.
 */
public final class Postgres implements AutoCloseable {
    private final Path bin;
    private final Path data;
    private final int port;

    private Postgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** The directory of pg_ctl and initdb, or null when PostgreSQL is not installed. */
    public static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Path::compareTo).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public static Postgres start() throws Exception {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL is not installed (apt-get install -y postgresql)");
        }
        Path data = Files.createTempDirectory("threatstats-postgres-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            exec(List.of("chown", "postgres", data.toString()), false);
        }
        exec(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8"), root);
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                data.resolve("server.log").toString(), "-o", "-p " + port + " -k " + data
                        + " -c listen_addresses=localhost -c fsync=off", "start"), root);
        return new Postgres(bin, data, port);
    }

    public String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** The environment a child process needs to use this server as its job repository. */
    public Map<String, String> environment() {
        return Map.of("SPRING_DATASOURCE_URL", url(), "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "");
    }

    @Override
    public void close() throws Exception {
        exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"),
                "root".equals(System.getProperty("user.name")));
    }

    private static void exec(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
        }
    }
}
