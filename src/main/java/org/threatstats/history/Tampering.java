package org.threatstats.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.threatstats.io.Hashes;
import org.threatstats.io.Problem;

/**
 * What was changed by hand in a period's published folder, as sentences: a {@code latest} that is not the link
 * threatstats keeps, a revision folder deleted, a file that no longer matches its revision's manifest. Nothing
 * here writes: the run refuses to publish over such a folder, and {@code status} reports it.
 */
public final class Tampering {
    private final Publications publications;

    public Tampering(Publications publications) {
        this.publications = publications;
    }

    /** {@code latest} exists and is not a symbolic link (a folder or a file, say copied by hand). */
    public Optional<String> foreignLatest() {
        Path latest = publications.latestDir();
        if (Files.exists(latest, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(latest)) {
            return Optional.of(latest + " is " + (Files.isDirectory(latest, LinkOption.NOFOLLOW_LINKS) ? "a folder"
                    : "a file") + ", not the symbolic link threatstats keeps there (was the folder copied by hand?)");
        }
        return Optional.empty();
    }

    /**
     * Refuses to publish into a period whose {@code latest} is not the link threatstats keeps (a folder or file put
     * there by hand, say by copying a period's folder): threatstats never writes over what it did not make.
     */
    public void refuseForeignLatest() {
        foreignLatest().ifPresent(what -> {
            throw new Problem(what + "; nothing was published: move it out of " + publications.periodDir()
                    + " and run the same command again");
        });
    }

    /** A revision's figures.csv, which later runs read, when it no longer matches its manifest. */
    public Optional<String> figuresChanged(int revision) {
        Path file = publications.revisionDir(revision).resolve(Publications.FIGURES);
        String expected = publications.manifest(revision).map(m -> m.files().get(Publications.FIGURES)).orElse(null);
        if (expected == null || !Files.exists(file)) {
            return Optional.empty(); // an older manifest, or no figures: nothing to compare
        }
        return sha256(file).equals(expected) ? Optional.empty()
                : Optional.of(file + " does not match its manifest (it was changed after it was published)");
    }

    /**
     * The first file of a revision that differs from what its manifest says (changed, missing or added), or
     * empty when the folder is as published.
     */
    public Optional<String> mismatch(int revision) {
        Path dir = publications.revisionDir(revision);
        Manifest manifest = publications.manifest(revision).orElse(null);
        if (manifest == null) {
            return Optional.of(dir.resolve(Manifest.FILE_NAME) + " is missing");
        }
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            Path p = dir.resolve(file.getKey());
            if (!Files.isRegularFile(p)) {
                return Optional.of(p + " is missing from its revision");
            }
            if (!sha256(p).equals(file.getValue())) {
                return Optional.of(p + " does not match its manifest (it was changed after it was published)");
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                // figures.csv: manifests written before it was listed do not name it
                if (!name.equals(Manifest.FILE_NAME) && !name.equals(Publications.FIGURES)
                        && !manifest.files().containsKey(name)) {
                    return Optional.of(p + " was added after the revision was published");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return Optional.empty();
    }

    private static String sha256(Path file) {
        try {
            return Hashes.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every change found in the period's folder, one sentence each. {@code lastPublished} is the revision the
     * last run says it published (0 when unknown): when it is gone with the rest, only that tells.
     */
    public List<String> all(int lastPublished) {
        List<String> problems = new ArrayList<>();
        Path period = publications.periodDir();
        if (!Files.isDirectory(period)) {
            if (lastPublished > 0) {
                problems.add(period + " is missing (deleted by hand?)");
            }
            return problems;
        }
        TreeSet<Integer> folders = new TreeSet<>();
        try (Stream<Path> entries = Files.list(period)) {
            entries.forEach(p -> {
                int n = Publications.revisionNumber(p);
                if (n >= 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    folders.add(n);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + period, e);
        }
        int highest = Math.max(folders.isEmpty() ? 0 : folders.last(), lastPublished);
        for (int n = 1; n <= highest; n++) {
            if (!folders.contains(n)) {
                problems.add(publications.revisionDir(n) + " is missing (deleted by hand?)");
            }
        }
        for (int n : folders) {
            try {
                mismatch(n).ifPresent(problems::add);
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        Path latest = publications.latestDir();
        Optional<String> foreign = foreignLatest();
        if (foreign.isPresent()) {
            problems.add(foreign.get());
        } else if (!folders.isEmpty() || Files.isSymbolicLink(latest)) {
            if (!Files.isSymbolicLink(latest)) {
                problems.add(latest + " is missing (deleted by hand?)");
            } else {
                try {
                    Path to = Files.readSymbolicLink(latest);
                    if (!Files.isDirectory(latest)) {
                        problems.add(latest + " points at " + to + ", which is missing");
                    } else if (!folders.isEmpty() && !to.toString().equals("revision-" + folders.last())) {
                        problems.add(latest + " points at " + to + ", not at the newest, revision-" + folders.last());
                    }
                } catch (IOException e) {
                    problems.add(latest + " cannot be read: " + e.getMessage());
                }
            }
        }
        return problems;
    }
}
