package org.threatstats.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.threatstats.history.Publications;
import org.threatstats.io.AtomicFiles;
import org.threatstats.io.Problem;

/**
 * Releases signed off in the ledger, made public at their time: {@code <period>/released} beside {@code latest},
 * a link to the released revision's folder, switched in one rename, so the files the public gets are the
 * revision's, byte for byte. Whoever runs at or after the release time (the scheduler, which wakes for it, a run,
 * or the release command itself) carries it out; until then nothing is in {@code released}.
 */
public final class Releases {
    public static final String RELEASED = "released";

    private final Ledger ledger;

    public Releases(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Makes public every release of the job whose time has come; returns those it made public now. */
    public List<Ledger.Release> releaseDue(Path outputDir, String job, LocalDateTime now) throws IOException {
        List<Ledger.Release> done = new ArrayList<>();
        for (Ledger.Release r : ledger.releases(outputDir, job)) {
            if (!r.done() && !r.at().isAfter(now)) {
                point(new Publications(outputDir, job, r.period()), r.revision());
                ledger.markReleased(outputDir, r, now);
                done.add(r);
            }
        }
        return done;
    }

    /** The release still to come that is due first, if any. */
    public Optional<Ledger.Release> next(Path outputDir, String job) {
        return next(ledger.releases(outputDir, job));
    }

    /** Of {@code releases}, the one still to come that is due first, if any. */
    public static Optional<Ledger.Release> next(List<Ledger.Release> releases) {
        return releases.stream().filter(r -> !r.done()).min(Comparator.comparing(Ledger.Release::at));
    }

    /** The revision released last for a period, if any. */
    public Optional<Ledger.Release> released(Path outputDir, String job, String period) {
        return ledger.releases(outputDir, job).stream().filter(r -> r.done() && r.period().equals(period))
                .max(Comparator.comparing(Ledger.Release::releasedAt));
    }

    private static void point(Publications publications, int revision) throws IOException {
        Path periodDir = publications.periodDir();
        Path link = periodDir.resolve(RELEASED);
        Path target = publications.revisionDir(revision);
        if (!Files.isDirectory(target)) {
            throw new Problem(target + " is missing: the revision signed off for release was moved or deleted; "
                    + "put it back from a copy, nothing was released");
        }
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            throw new Problem(link + " is not the link threatstats keeps (it was replaced by hand); move it aside "
                    + "and run the release again, nothing was released");
        }
        AtomicFiles.link(link, target);
    }
}
