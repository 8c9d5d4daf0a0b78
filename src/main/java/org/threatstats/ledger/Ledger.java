package org.threatstats.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.threatstats.history.Manifest;
import org.threatstats.history.Publications;
import org.threatstats.io.Jdbc;
import org.threatstats.publish.ReportBuilder;
import org.threatstats.publish.Wording;

/**
 * The ledger of published figures, kept in the job repository beside Spring Batch's tables (and created on first
 * use, as they are, in HSQLDB or PostgreSQL alike): every figure of every publication of a job, the publication
 * that showed it, and the releases signed off for publications.
 *
 * <p>The output folder is what was published; the ledger indexes it. {@link #catchUp} records every revision folder
 * the ledger does not hold yet (a new repository, say, learns the publications its folders hold), so a figure is
 * compared with the last publication that showed it even across a repository started afresh.
 *
 * <p>A publication is identified by job, output folder, report period and revision: revisions are numbered per
 * output folder, and hosts that share a repository publish into folders of their own.
 */
public final class Ledger {
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final DataSource dataSource;
    private final String publicationTable;
    private final String figureTable;
    private final String releaseTable;
    private volatile boolean ready;

    /** {@code batchPrefix}: Spring Batch's table prefix ("BATCH_" or "schema.BATCH_"); the ledger's is "TS_". */
    public Ledger(DataSource dataSource, String batchPrefix) {
        this.dataSource = dataSource;
        String prefix = batchPrefix == null ? "TS_"
                : batchPrefix.toUpperCase(Locale.ROOT).endsWith("BATCH_")
                        ? batchPrefix.substring(0, batchPrefix.length() - "BATCH_".length()) + "TS_"
                        : batchPrefix + "TS_";
        this.publicationTable = prefix + "PUBLICATION";
        this.figureTable = prefix + "FIGURE";
        this.releaseTable = prefix + "RELEASE";
    }

    /** A publication of a job: one revision of one report period, as the ledger recorded it. */
    public record Publication(long id, String job, String period, int revision, String publishedOn,
            LocalDateTime recordedAt) {

        /** "year ending March 2024, revision 1, published 30 May 2025" */
        public String label() {
            return Wording.periodShort(YearMonth.parse(period)) + ", revision " + revision + ", published "
                    + LocalDate.parse(publishedOn).format(LONG_DATE);
        }
    }

    /**
     * A release signed off for a publication: who assured and approved it, when it goes public, and when it did
     * ({@code releasedAt} null until then).
     */
    public record Release(String job, String period, int revision, String assuredBy, String approvedBy,
            LocalDateTime at, LocalDateTime recordedAt, LocalDateTime releasedAt) {

        public boolean done() {
            return releasedAt != null;
        }
    }

    /** A database failure, in one sentence that names the repository's table. */
    public static final class LedgerException extends RuntimeException {
        LedgerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Records every published revision of the job in {@code outputDir} that the ledger does not hold yet. */
    public void catchUp(Path outputDir, String job) {
        String folder = folder(outputDir);
        prepare();
        Set<String> known = new HashSet<>();
        for (Publication p : publications(outputDir, job)) {
            known.add(p.period() + "/" + p.revision());
        }
        List<Manifest> missing = new ArrayList<>();
        Map<Manifest, Publications> where = new HashMap<>();
        for (String period : Publications.periods(outputDir, job)) {
            Publications publications = new Publications(outputDir, job, period);
            for (int revision : publications.revisions()) {
                if (known.contains(period + "/" + revision)) {
                    continue;
                }
                Optional<Manifest> manifest = publications.manifest(revision);
                if (manifest.isPresent()) {
                    missing.add(manifest.get());
                    where.put(manifest.get(), publications);
                }
            }
        }
        // in the order they were published: by date, then period, then revision
        missing.sort(Comparator.comparing(Manifest::publishedOn).thenComparing(Manifest::period)
                .thenComparingInt(Manifest::revision));
        for (Manifest m : missing) {
            record(folder, m, where.get(m).figureList(m.revision()));
        }
    }

    private void record(String folder, Manifest m, List<ReportBuilder.Figure> figures) {
        String insert = "INSERT INTO " + publicationTable + " (JOB, OUTPUT_DIR, REPORT_PERIOD, REVISION, "
                + "PUBLISHED_ON, RUN_ID, RECORDED_AT, FIGURES) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement s = c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS)) {
                    s.setString(1, m.job());
                    s.setString(2, folder);
                    s.setString(3, m.period());
                    s.setInt(4, m.revision());
                    s.setString(5, m.publishedOn());
                    s.setLong(6, m.run());
                    s.setTimestamp(7, Timestamp.valueOf(LocalDateTime.now()));
                    s.setInt(8, figures.size());
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + figureTable + " (PUBLICATION_ID, "
                        + "SEQ, TABLE_ID, ROW_KEY, COLUMN_KEY, FIGURE_PERIOD, TABLE_LABEL, ROW_LABEL, "
                        + "COLUMN_HEADER, FIGURE_VALUE, MARKERS) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int seq = 0;
                    for (ReportBuilder.Figure f : figures) {
                        s.setLong(1, id);
                        s.setInt(2, seq++);
                        s.setString(3, f.table());
                        s.setString(4, f.row());
                        s.setString(5, f.column());
                        s.setString(6, f.period());
                        s.setString(7, f.tableLabel());
                        s.setString(8, f.rowLabel());
                        s.setString(9, f.columnHeader());
                        s.setString(10, f.value());
                        s.setString(11, f.markers());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (has(c, m.job(), folder, m.period(), m.revision())) {
                    return; // another process recorded it first
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure("record " + m.job() + " " + m.period() + " revision " + m.revision(), e);
        }
    }

    private boolean has(Connection c, String job, String folder, String period, int revision) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + publicationTable + " WHERE JOB = ? AND "
                + "OUTPUT_DIR = ? AND REPORT_PERIOD = ? AND REVISION = ?")) {
            s.setString(1, job);
            s.setString(2, folder);
            s.setString(3, period);
            s.setInt(4, revision);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The job's publications into {@code outputDir}, in the order they were recorded. */
    public List<Publication> publications(Path outputDir, String job) {
        if (!exists()) {
            return List.of();
        }
        List<Publication> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT ID, "
                + "REPORT_PERIOD, REVISION, PUBLISHED_ON, RECORDED_AT FROM " + publicationTable
                + " WHERE JOB = ? AND OUTPUT_DIR = ? ORDER BY ID")) {
            s.setString(1, job);
            s.setString(2, folder(outputDir));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    all.add(new Publication(r.getLong(1), job, r.getString(2), r.getInt(3), r.getString(4),
                            r.getTimestamp(5).toLocalDateTime()));
                }
            }
        } catch (SQLException e) {
            throw failure("read the publications of " + job, e);
        }
        return all;
    }

    /**
     * What the last publication that showed each figure published, by figure key: among the released publications
     * once the job has any, otherwise among all. {@code excluding} (report period and revision, or null) is left out:
     * a run that is finishing its own publication does not compare with itself.
     */
    public Map<String, ReportBuilder.Previous> previous(Path outputDir, String job, String excludedPeriod,
            int excludedRevision) {
        if (!exists()) {
            return Map.of();
        }
        String folder = folder(outputDir);
        boolean released = releases(outputDir, job).stream().anyMatch(Release::done);
        String sql = "SELECT p.REPORT_PERIOD, p.REVISION, p.PUBLISHED_ON, f.TABLE_ID, f.ROW_KEY, f.COLUMN_KEY, "
                + "f.FIGURE_VALUE, f.FIGURE_PERIOD FROM "
                + figureTable + " f JOIN " + publicationTable + " p ON f.PUBLICATION_ID = p.ID WHERE p.JOB = ? "
                + "AND p.OUTPUT_DIR = ?"
                + (released ? " AND EXISTS (SELECT 1 FROM " + releaseTable + " r WHERE r.JOB = p.JOB AND "
                        + "r.OUTPUT_DIR = p.OUTPUT_DIR AND r.REPORT_PERIOD = p.REPORT_PERIOD AND r.REVISION = "
                        + "p.REVISION AND r.RELEASED_AT IS NOT NULL)" : "")
                + " ORDER BY p.ID, f.SEQ";
        Map<String, ReportBuilder.Previous> previous = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, job);
            s.setString(2, folder);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String period = r.getString(1);
                    int revision = r.getInt(2);
                    if (period.equals(excludedPeriod) && revision == excludedRevision) {
                        continue;
                    }
                    String publishedOn = r.getString(3);
                    String label = labels.computeIfAbsent(period + "/" + revision,
                            k -> new Publication(0, job, period, revision, publishedOn, null).label());
                    String key = ReportBuilder.Figure.key(r.getString(8), r.getString(4), r.getString(5),
                            r.getString(6));
                    previous.put(key, new ReportBuilder.Previous(r.getString(7), label));
                }
            }
        } catch (SQLException e) {
            throw failure("read the figures published for " + job, e);
        }
        return previous;
    }

    /** The figures a publication showed, in table order, as the ledger recorded them. */
    public List<ReportBuilder.Figure> figures(Path outputDir, String job, String period, int revision) {
        if (!exists()) {
            return List.of();
        }
        List<ReportBuilder.Figure> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT "
                + "f.TABLE_ID, f.ROW_KEY, f.COLUMN_KEY, f.FIGURE_VALUE, f.TABLE_LABEL, f.ROW_LABEL, "
                + "f.COLUMN_HEADER, f.FIGURE_PERIOD, f.MARKERS FROM " + figureTable + " f JOIN " + publicationTable
                + " p ON f.PUBLICATION_ID = p.ID WHERE p.JOB = ? AND p.OUTPUT_DIR = ? AND p.REPORT_PERIOD = ? AND "
                + "p.REVISION = ? ORDER BY f.SEQ")) {
            s.setString(1, job);
            s.setString(2, folder(outputDir));
            s.setString(3, period);
            s.setInt(4, revision);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    all.add(new ReportBuilder.Figure(r.getString(8), r.getString(1), r.getString(2),
                            r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                            r.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw failure("read the figures of " + job + " " + period + " revision " + revision, e);
        }
        return all;
    }

    /** Every release signed off for the job's publications in {@code outputDir}, in release-time order. */
    public List<Release> releases(Path outputDir, String job) {
        if (!exists()) {
            return List.of();
        }
        List<Release> all = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT "
                + "REPORT_PERIOD, REVISION, ASSURED_BY, APPROVED_BY, RELEASE_AT, RECORDED_AT, RELEASED_AT FROM "
                + releaseTable + " WHERE JOB = ? AND OUTPUT_DIR = ? ORDER BY RELEASE_AT, RECORDED_AT")) {
            s.setString(1, job);
            s.setString(2, folder(outputDir));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp done = r.getTimestamp(7);
                    all.add(new Release(job, r.getString(1), r.getInt(2), r.getString(3), r.getString(4),
                            r.getTimestamp(5).toLocalDateTime(), r.getTimestamp(6).toLocalDateTime(),
                            done == null ? null : done.toLocalDateTime()));
                }
            }
        } catch (SQLException e) {
            throw failure("read the releases of " + job, e);
        }
        return all;
    }

    /** Records a release; false when that revision has one already (the caller says so). */
    public boolean recordRelease(Path outputDir, Release release) {
        prepare();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO "
                + releaseTable + " (JOB, OUTPUT_DIR, REPORT_PERIOD, REVISION, ASSURED_BY, APPROVED_BY, RELEASE_AT, "
                + "RECORDED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, release.job());
            s.setString(2, folder(outputDir));
            s.setString(3, release.period());
            s.setInt(4, release.revision());
            s.setString(5, release.assuredBy());
            s.setString(6, release.approvedBy());
            s.setTimestamp(7, Timestamp.valueOf(release.at()));
            s.setTimestamp(8, Timestamp.valueOf(release.recordedAt()));
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (releases(outputDir, release.job()).stream().anyMatch(r -> r.period().equals(release.period())
                    && r.revision() == release.revision())) {
                return false;
            }
            throw failure("record the release of " + release.job() + " " + release.period() + " revision "
                    + release.revision(), e);
        }
    }

    /** Notes that a release went public. */
    public void markReleased(Path outputDir, Release release, LocalDateTime when) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("UPDATE "
                + releaseTable + " SET RELEASED_AT = ? WHERE JOB = ? AND OUTPUT_DIR = ? AND REPORT_PERIOD = ? "
                + "AND REVISION = ?")) {
            s.setTimestamp(1, Timestamp.valueOf(when));
            s.setString(2, release.job());
            s.setString(3, folder(outputDir));
            s.setString(4, release.period());
            s.setInt(5, release.revision());
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("record that " + release.job() + " " + release.period() + " revision "
                    + release.revision() + " was released", e);
        }
    }

    private static String folder(Path outputDir) {
        return outputDir.toAbsolutePath().normalize().toString();
    }

    private LedgerException failure(String what, SQLException e) {
        return new LedgerException("cannot " + what + " in the job repository's ledger (" + publicationTable
                + " and its tables): " + e.getMessage(), e);
    }

    /**
     * What a database file cut short loses without the database noticing: figures of a publication (each records
     * how many it has), or figures whose publication is gone. Empty when the ledger is whole.
     */
    public Optional<String> damage() {
        if (!exists()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + publicationTable + " p WHERE "
                        + "p.FIGURES <> (SELECT COUNT(*) FROM " + figureTable + " f WHERE f.PUBLICATION_ID = p.ID)) "
                        + "+ (SELECT COUNT(*) FROM " + figureTable + " f WHERE NOT EXISTS (SELECT 1 FROM "
                        + publicationTable + " p WHERE p.ID = f.PUBLICATION_ID)) FROM " + publicationTable
                        + " FETCH FIRST 1 ROWS ONLY")) {
            long lost = r.next() ? r.getLong(1) : 0;
            return lost == 0 ? Optional.empty() : Optional.of("the ledger of published figures (" + publicationTable
                    + ") has lost figures of " + lost + " publication" + (lost == 1 ? "" : "s"));
        } catch (SQLException e) {
            throw failure("check the ledger", e);
        }
    }

    /** Whether the ledger's tables exist (a repository that never published has none; reads find nothing). */
    private boolean exists() {
        if (ready) {
            return true;
        }
        try (Connection c = dataSource.getConnection()) {
            ready = Jdbc.hasTable(c, publicationTable);
            return ready;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    /**
     * Creates the ledger's tables when the repository does not have them yet. Called before any step runs (DDL
     * waits for every open transaction in HSQLDB, a step's among them) and before a release is recorded.
     */
    public void prepare() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                if (!Jdbc.hasTable(c, publicationTable)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE " + publicationTable + " (ID BIGINT GENERATED BY DEFAULT AS "
                                + "IDENTITY PRIMARY KEY, JOB VARCHAR(100) NOT NULL, OUTPUT_DIR VARCHAR(2000) NOT "
                                + "NULL, REPORT_PERIOD VARCHAR(7) NOT NULL, REVISION INT NOT NULL, PUBLISHED_ON "
                                + "VARCHAR(10) NOT NULL, RUN_ID BIGINT, RECORDED_AT TIMESTAMP NOT NULL, FIGURES INT NOT NULL, "
                                + "CONSTRAINT " + publicationTable.replace('.', '_') + "_UN UNIQUE (JOB, OUTPUT_DIR, "
                                + "REPORT_PERIOD, REVISION))");
                        s.execute("CREATE TABLE " + figureTable + " (PUBLICATION_ID BIGINT NOT NULL, SEQ INT NOT "
                                + "NULL, TABLE_ID VARCHAR(100) NOT NULL, ROW_KEY VARCHAR(20000) NOT NULL, "
                                + "COLUMN_KEY VARCHAR(20000) NOT NULL, FIGURE_PERIOD VARCHAR(7), TABLE_LABEL VARCHAR(100), ROW_LABEL VARCHAR(20000), "
                                + "COLUMN_HEADER VARCHAR(20000), FIGURE_VALUE VARCHAR(100) NOT NULL, MARKERS "
                                + "VARCHAR(20), PRIMARY KEY (PUBLICATION_ID, SEQ), FOREIGN KEY (PUBLICATION_ID) "
                                + "REFERENCES " + publicationTable + " (ID))");
                        s.execute("CREATE TABLE " + releaseTable + " (JOB VARCHAR(100) NOT NULL, OUTPUT_DIR "
                                + "VARCHAR(2000) NOT NULL, REPORT_PERIOD VARCHAR(7) NOT NULL, REVISION INT NOT NULL, "
                                + "ASSURED_BY VARCHAR(200) NOT NULL, APPROVED_BY VARCHAR(200) NOT NULL, RELEASE_AT "
                                + "TIMESTAMP NOT NULL, RECORDED_AT TIMESTAMP NOT NULL, RELEASED_AT TIMESTAMP, "
                                + "PRIMARY KEY (JOB, OUTPUT_DIR, REPORT_PERIOD, REVISION))");
                    } catch (SQLException e) {
                        if (!Jdbc.hasTable(c, publicationTable)) {
                            throw e; // not another process creating them at the same time
                        }
                    }
                }
                ready = true;
            } catch (SQLException e) {
                throw failure("create the tables", e);
            }
        }
    }
}
