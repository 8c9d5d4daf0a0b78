package org.threatstats.definition;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.threatstats.io.Hashes;

/**
 * Reads {@code jobs/<name>.yml} into a {@link JobDefinition} and checks it completely before anything runs, so a
 * bad definition fails at start-up with one sentence naming the place (exit 64), never half-way through a run.
 */
public final class JobDefinitionLoader {
    static final long DEFAULT_MAX_FILE_SIZE = 4L * 1024 * 1024 * 1024;

    // The ranges of the numbers a job may give: a number outside is refused when the job is loaded, never cast.
    /** {@code disclosure.threshold}: 0 (no suppression) to 100. */
    static final int MAX_THRESHOLD = 100;
    /** {@code period.years-shown}: 1 to 50. */
    static final int MAX_YEARS_SHOWN = 50;
    /** {@code period.series-years} and a table's {@code years}: 1 to 100. */
    static final int MAX_YEARS = 100;
    /** A dataset's {@code max-rejects}: 0 to a thousand million. */
    static final long MAX_REJECTS = 1_000_000_000L;
    /** A dataset's {@code max-file-size}: 1B to 1024TB. */
    static final long MAX_FILE_SIZE = 1L << 50;
    /** A band's {@code min} and {@code max}: whole numbers from -1000000000 to 1000000000. */
    static final int MAX_BAND_BOUND = 1_000_000_000;
    /** A column's {@code min} and {@code max}: -10^15 to 10^15 (exact as a double and as a long). */
    static final long MAX_COLUMN_BOUND = 1_000_000_000_000_000L;
    private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> TABLE_KINDS = Set.of("breakdown", "series", "cross");
    private static final Set<String> CHARTS = Set.of("bar", "line", "share", "none");
    /** A headline's placeholders: anything else in braces, and any brace on its own, is refused. */
    private static final Set<String> PLACEHOLDERS = Set.of("count", "share", "period", "previous-period",
            "previous-count", "change-on-previous", "share-change", "median-comparison");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    /** A key given twice is an error: YAML readers would keep the last value without a word. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path jobsDir;

    public JobDefinitionLoader(Path jobsDir) {
        this.jobsDir = jobsDir;
    }

    /** Names of every job in the jobs folder, sorted, for {@code run --all}. */
    public List<String> jobNames() {
        if (!Files.isDirectory(jobsDir)) {
            throw new DefinitionException("the jobs folder " + jobsDir + " does not exist");
        }
        try (Stream<Path> files = Files.list(jobsDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yml"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DefinitionException("cannot list the jobs folder " + jobsDir + ": " + e.getMessage(), e);
        }
    }

    /** The job's definition file: {@code <jobs folder>/<name>.yml}, whether it exists or not. */
    public Path file(String jobName) {
        return jobsDir.resolve(jobName + ".yml");
    }

    public JobDefinition load(String jobName) {
        if (!JOB_NAME.matcher(jobName).matches()) {
            throw new DefinitionException("'" + jobName + "' is not a job name (lowercase words joined by dashes)");
        }
        Path file = file(jobName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DefinitionException("there is no job '" + jobName + "': " + file + " does not exist"
                    + available());
        } catch (IOException e) {
            throw new DefinitionException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (StreamReadException e) {
            String twice = givenTwice(e);
            throw new DefinitionException(file + (twice != null ? ": " + twice
                    : " is not valid YAML: " + e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            throw new DefinitionException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new DefinitionException(file + " is empty");
        }
        try {
            YamlNode top = new YamlNode(root, "");
            top.checkText();
            return parse(jobName, top, Hashes.sha256(bytes));
        } catch (DefinitionException e) {
            throw new DefinitionException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * For a key given twice in one mapping, the sentence naming it, the mapping's place and the line of its second
     * appearance; null for any other error. The parser stops on the second key, so its context is that mapping.
     */
    private static String givenTwice(StreamReadException e) {
        if (e.processor() == null || e.getOriginalMessage() == null
                || !e.getOriginalMessage().startsWith("Duplicate ")) {
            return null;
        }
        TokenStreamContext mapping = e.processor().streamReadContext();
        if (mapping == null || !mapping.inObject() || mapping.currentName() == null) {
            return null;
        }
        StringBuilder place = new StringBuilder();
        TokenStreamContext child = mapping;
        for (TokenStreamContext parent = child.getParent(); parent != null && !parent.inRoot();
                child = parent, parent = parent.getParent()) {
            place.insert(0, parent.inArray() ? "[" + parent.getCurrentIndex() + "]" : "." + parent.currentName());
        }
        String where = place.length() == 0 ? "" : place.substring(place.charAt(0) == '.' ? 1 : 0) + ": ";
        String line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (the second time on line " + e.getLocation().getLineNr() + ")";
        return where + "'" + mapping.currentName() + "' is given twice" + line
                + ", and only one could apply: keep the one you mean";
    }

    private String available() {
        try {
            List<String> names = jobNames();
            return names.isEmpty() ? "" : " (jobs here: " + String.join(", ", names) + ")";
        } catch (DefinitionException e) {
            return "";
        }
    }

    private JobDefinition parse(String name, YamlNode root, String fingerprint) {
        root.allowOnly("title", "organisation", "marking", "geography", "summary", "source", "contact",
                "next-update", "period", "schedule", "datasets", "tables", "headlines", "notes", "disclosure",
                "keywords");
        if (!root.has("period")) {
            throw root.error("'period' is required (for example: period: {year-ending: March})");
        }
        PeriodRule period = period(root.child("period"));
        List<DatasetDefinition> datasets = new ArrayList<>();
        for (YamlNode node : root.list("datasets")) {
            datasets.add(dataset(node));
        }
        if (datasets.isEmpty()) {
            throw root.error("'datasets' must list at least one dataset");
        }
        unique(datasets.stream().map(DatasetDefinition::name).toList(), root, "dataset");
        List<TableDefinition> tables = new ArrayList<>();
        for (YamlNode node : root.list("tables")) {
            tables.add(table(node, datasets, period));
        }
        if (tables.isEmpty()) {
            throw root.error("'tables' must list at least one table");
        }
        unique(tables.stream().map(TableDefinition::id).toList(), root, "table");
        List<String> notes = root.strings("notes");
        for (TableDefinition table : tables) {
            for (int note : table.notes()) {
                if (note < 1 || note > notes.size()) {
                    throw root.error("table '" + table.id() + "' cites [note " + note + "] but 'notes' has "
                            + notes.size());
                }
            }
        }
        List<HeadlineDefinition> headlines = new ArrayList<>();
        for (YamlNode node : root.list("headlines")) {
            headlines.add(headline(node, datasets));
        }
        DisclosureRule disclosure = DisclosureRule.NONE;
        if (root.has("disclosure")) {
            YamlNode d = root.child("disclosure");
            d.allowOnly("threshold", "exempt-headline-totals");
            long threshold = d.whole("threshold", 0, 0, MAX_THRESHOLD);
            boolean exempt = d.bool("exempt-headline-totals", true);
            if (!exempt) {
                throw d.error("'exempt-headline-totals: false' is not supported: totals, series and single "
                        + "breakdowns are published unsuppressed, and only cross-tabulated tables are protected");
            }
            disclosure = new DisclosureRule(Math.toIntExact(threshold), true);
        }
        String marking = root.string("marking", "OFFICIAL");
        String schedule = root.string("schedule", null);
        if (schedule != null) {
            try {
                org.springframework.scheduling.support.CronExpression.parse(schedule);
            } catch (IllegalArgumentException e) {
                throw root.error("'schedule' is not a cron expression (second minute hour day month weekday): "
                        + e.getMessage());
            }
        }
        return new JobDefinition(name, root.string("title"), root.string("organisation"), marking,
                root.string("geography", null), root.string("summary", null), root.string("source", null),
                root.string("contact", null), root.string("next-update", null), period, schedule,
                List.copyOf(datasets), List.copyOf(tables), List.copyOf(headlines), List.copyOf(notes), disclosure,
                root.strings("keywords"), fingerprint);
    }

    private PeriodRule period(YamlNode node) {
        node.allowOnly("year-ending", "published", "years-shown", "series-years");
        Month month = month(node, "year-ending", node.string("year-ending"));
        java.util.TreeSet<Month> published = new java.util.TreeSet<>();
        for (String text : node.strings("published")) {
            if (!published.add(month(node, "published", text))) {
                throw node.error("'published' lists " + text + " twice");
            }
        }
        if (published.isEmpty()) {
            published.add(month);
        } else if (!published.contains(month)) {
            throw node.error("'published' must include the 'year-ending' month, " + monthText(month)
                    + " (a run that names no period reports the year ending it)");
        }
        int shown = Math.toIntExact(node.whole("years-shown", 5, 1, MAX_YEARS_SHOWN));
        int series = Math.toIntExact(node.whole("series-years", 10, 1, MAX_YEARS));
        return new PeriodRule(month, List.copyOf(published), shown, series);
    }

    private static Month month(YamlNode node, String key, String text) {
        try {
            return Month.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw node.error("'" + key + "' must name months such as March, not '" + text + "'");
        }
    }

    private static String monthText(Month month) {
        return month.getDisplayName(java.time.format.TextStyle.FULL, Locale.UK);
    }

    private DatasetDefinition dataset(YamlNode node) {
        node.allowOnly("name", "file", "description", "required", "max-rejects", "max-file-size", "date-column",
                "period-column", "count-column", "columns", "bands", "totals", "when-missing", "unique-key", "source");
        String name = node.string("name");
        String file = node.string("file");
        if (file.contains("/") || file.contains("\\")) {
            throw node.error("'file' must be a file name inside the input folder, not a path: " + file);
        }
        long maxRejects = node.whole("max-rejects", 0, 0, MAX_REJECTS);
        long maxSize = node.has("max-file-size") ? size(node, node.string("max-file-size")) : DEFAULT_MAX_FILE_SIZE;
        List<ColumnDefinition> columns = new ArrayList<>();
        for (YamlNode c : node.list("columns")) {
            columns.add(column(c));
        }
        if (columns.isEmpty()) {
            throw node.error("'columns' must list the file's columns in order");
        }
        unique(columns.stream().map(ColumnDefinition::name).toList(), node, "column");
        String dateColumn = node.string("date-column", null);
        String periodColumn = node.string("period-column", null);
        String countColumn = node.string("count-column", null);
        if ((dateColumn == null) == (periodColumn == null)) {
            throw node.error("give exactly one of 'date-column' (one row per case) or 'period-column' "
                    + "(rows that are already counts)");
        }
        requireColumn(node, columns, dateColumn, ColumnType.DATE, "date-column");
        requireColumn(node, columns, periodColumn, ColumnType.YEAR_MONTH, "period-column");
        requireColumn(node, columns, countColumn, ColumnType.WHOLE_NUMBER, "count-column");
        if (periodColumn != null && countColumn == null) {
            throw node.error("a dataset with 'period-column' needs a 'count-column'");
        }
        for (String key : new String[] {dateColumn, periodColumn}) {
            if (key != null && !columns.stream().filter(c -> c.name().equals(key)).findFirst().orElseThrow()
                    .required()) {
                throw node.error("column '" + key + "' gives each row its period, so it must be required");
            }
        }
        List<BandDefinition> bands = new ArrayList<>();
        for (YamlNode b : node.list("bands")) {
            bands.add(band(b, columns));
        }
        List<TotalRule> totals = new ArrayList<>();
        for (YamlNode t : node.list("totals")) {
            t.allowOnly("column", "total");
            String column = t.string("column");
            String total = t.string("total");
            ColumnDefinition c = columns.stream().filter(x -> x.name().equals(column)).findFirst()
                    .orElseThrow(() -> t.error("no column '" + column + "'"));
            if (c.type() != ColumnType.CATEGORY || !c.values().contains(total)) {
                throw t.error("'" + total + "' must be one of the values of category column '" + column + "'");
            }
            if (countColumn == null) {
                throw t.error("'totals' rules apply to count datasets (with 'count-column') only");
            }
            totals.add(new TotalRule(column, total));
        }
        String whenMissing = node.string("when-missing", "not-available");
        if (!Set.of("not-available", "reject").contains(whenMissing)) {
            throw node.error("'when-missing' must be not-available or reject");
        }
        List<String> uniqueKey = node.strings("unique-key");
        for (String column : uniqueKey) {
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw node.error("'unique-key' names column '" + column + "', which is not in 'columns'");
            }
        }
        if (countColumn != null && columns.stream().filter(c -> c.name().equals(countColumn)).findFirst()
                .map(c -> !c.required()).orElse(false)) {
            throw node.error("count column '" + countColumn + "' must be required: every row needs its count");
        }
        boolean required = node.bool("required", true);
        return new DatasetDefinition(name, file, node.string("description", null), required, maxRejects, maxSize,
                dateColumn, periodColumn, countColumn, List.copyOf(columns), List.copyOf(bands), List.copyOf(totals),
                whenMissing, List.copyOf(uniqueKey), node.string("source", null));
    }

    /** {@code 500MB}, {@code 4 GB}, {@code 1024}: bytes from 1B to 1024TB (units of 1024). */
    private static long size(YamlNode node, String text) {
        var m = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE).matcher(text);
        BigInteger bytes = null;
        if (m.matches()) {
            String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
            int shift = switch (unit) {
                case "KB" -> 10;
                case "MB" -> 20;
                case "GB" -> 30;
                case "TB" -> 40;
                default -> 0;
            };
            bytes = new BigInteger(m.group(1)).shiftLeft(shift);
        }
        if (bytes == null || bytes.signum() <= 0 || bytes.compareTo(BigInteger.valueOf(MAX_FILE_SIZE)) > 0) {
            throw node.error("'max-file-size' must be a size from 1B to 1024TB (such as 500MB or 4GB), not '"
                    + text + "'");
        }
        return bytes.longValueExact();
    }

    private static void requireColumn(YamlNode node, List<ColumnDefinition> columns, String name, ColumnType type,
            String key) {
        if (name == null) {
            return;
        }
        Optional<ColumnDefinition> column = columns.stream().filter(c -> c.name().equals(name)).findFirst();
        if (column.isEmpty()) {
            throw node.error("'" + key + "' names column '" + name + "', which is not in 'columns'");
        }
        if (column.get().type() != type) {
            throw node.error("'" + key + "' column '" + name + "' must have type " + type.yamlName());
        }
    }

    private ColumnDefinition column(YamlNode node) {
        node.allowOnly("name", "type", "required", "values", "min", "max", "pattern", "unique", "label");
        String name = node.string("name");
        ColumnType type;
        try {
            type = ColumnType.parse(node.string("type"));
        } catch (DefinitionException e) {
            throw node.error(e.getMessage());
        }
        List<String> values = node.strings("values");
        if (type == ColumnType.CATEGORY && values.isEmpty()) {
            throw node.error("category column '" + name + "' needs its allowed 'values'");
        }
        if (type != ColumnType.CATEGORY && !values.isEmpty()) {
            throw node.error("'values' only applies to category columns");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw node.error("'values' of column '" + name + "' lists a value twice");
        }
        Double min = node.number("min", MAX_COLUMN_BOUND);
        Double max = node.number("max", MAX_COLUMN_BOUND);
        if ((min != null || max != null) && type != ColumnType.WHOLE_NUMBER && type != ColumnType.DECIMAL) {
            throw node.error("'min' and 'max' only apply to whole-number and decimal columns");
        }
        if (type == ColumnType.WHOLE_NUMBER) {
            for (String key : new String[] {"min", "max"}) {
                Double bound = key.equals("min") ? min : max;
                if (bound != null && bound != Math.rint(bound)) {
                    throw node.error("'" + key + "' of whole-number column '" + name + "' must be a whole number, "
                            + "not " + YamlNode.shown(node.child(key).json()));
                }
            }
        }
        if (min != null && max != null && min > max) {
            throw node.error("'min' is greater than 'max'");
        }
        String pattern = node.string("pattern", null);
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw node.error("'pattern' is not a regular expression: " + e.getDescription());
            }
        }
        return new ColumnDefinition(name, type, node.bool("required", true), List.copyOf(values), min, max, pattern,
                node.bool("unique", false), node.string("label", null));
    }

    private BandDefinition band(YamlNode node, List<ColumnDefinition> columns) {
        node.allowOnly("name", "from", "label", "bands", "missing");
        String name = node.string("name");
        String from = node.string("from");
        if (columns.stream().anyMatch(c -> c.name().equals(name))) {
            throw node.error("band '" + name + "' has the same name as a column");
        }
        requireColumn(node, columns, from, ColumnType.WHOLE_NUMBER, "from");
        List<BandDefinition.Band> bands = new ArrayList<>();
        for (YamlNode b : node.list("bands")) {
            b.allowOnly("label", "min", "max");
            Integer min = b.integer("min", -MAX_BAND_BOUND, MAX_BAND_BOUND);
            Integer max = b.integer("max", -MAX_BAND_BOUND, MAX_BAND_BOUND);
            BandDefinition.Band band = new BandDefinition.Band(b.string("label"), min, max);
            if (min != null && max != null && min > max) {
                throw b.error("'min' " + min + " is above 'max' " + max + ", so no " + from + " could fall in band '"
                        + band.label() + "'");
            }
            ColumnDefinition column = columns.stream().filter(c -> c.name().equals(from)).findFirst().orElseThrow();
            if (!canHold(band, column)) {
                throw b.error("band '" + band.label() + "' could never count anything, since column '" + from
                        + "' allows only " + range(column));
            }
            bands.add(band);
        }
        if (bands.isEmpty()) {
            throw node.error("'bands' must list at least one band");
        }
        // figures are kept by label: two bands with one label would share one row, one count replacing the other
        String missing = node.string("missing", "Not stated");
        for (int i = 0; i < bands.size(); i++) {
            for (int j = i + 1; j < bands.size(); j++) {
                if (sameLabel(bands.get(i).label(), bands.get(j).label())) {
                    throw node.error("bands[" + i + "] and bands[" + j + "] are both labelled '" + bands.get(i).label()
                            + "', so one's count would replace the other's: give each band a label of its own");
                }
            }
            if (sameLabel(bands.get(i).label(), missing)) {
                throw node.error("bands[" + i + "] is labelled '" + bands.get(i).label() + "', which is also the "
                        + (node.has("missing") ? "" : "default ") + "'missing' label (records with no " + from
                        + "), so the two counts would be mixed: give one of them another label");
            }
        }
        // bands must not overlap, so every value falls in at most one
        for (int i = 0; i < bands.size(); i++) {
            for (int j = i + 1; j < bands.size(); j++) {
                BandDefinition.Band a = bands.get(i);
                BandDefinition.Band b = bands.get(j);
                long aMin = a.min() == null ? Long.MIN_VALUE : a.min();
                long aMax = a.max() == null ? Long.MAX_VALUE : a.max();
                long bMin = b.min() == null ? Long.MIN_VALUE : b.min();
                long bMax = b.max() == null ? Long.MAX_VALUE : b.max();
                if (aMin <= bMax && bMin <= aMax) {
                    throw node.error("bands '" + a.label() + "' and '" + b.label() + "' overlap");
                }
            }
        }
        return new BandDefinition(name, from, node.string("label", null), List.copyOf(bands), missing);
    }

    /** Labels a reader would take for the same row: equal but for capitals and spaces. */
    private static boolean sameLabel(String a, String b) {
        return folded(a).equals(folded(b));
    }

    private static String folded(String label) {
        return label.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** Whether some whole number the column allows falls in the band. */
    private static boolean canHold(BandDefinition.Band band, ColumnDefinition column) {
        double lowest = Math.max(band.min() == null ? Double.NEGATIVE_INFINITY : band.min(),
                column.min() == null ? Double.NEGATIVE_INFINITY : Math.ceil(column.min()));
        double highest = Math.min(band.max() == null ? Double.POSITIVE_INFINITY : band.max(),
                column.max() == null ? Double.POSITIVE_INFINITY : Math.floor(column.max()));
        return lowest <= highest;
    }

    /** "10 to 99", "10 or more", "99 or less". */
    private static String range(ColumnDefinition column) {
        String min = column.min() == null ? null : Long.toString((long) Math.ceil(column.min()));
        String max = column.max() == null ? null : Long.toString((long) Math.floor(column.max()));
        return min != null && max != null ? min + " to " + max : min != null ? min + " or more" : max + " or less";
    }

    private TableDefinition table(YamlNode node, List<DatasetDefinition> datasets, PeriodRule period) {
        node.allowOnly("id", "title", "dataset", "kind", "by", "across", "measure", "notes", "chart", "years");
        String id = node.string("id");
        if (!JOB_NAME.matcher(id).matches()) {
            throw node.error("table id '" + id + "' must be lowercase words joined by dashes");
        }
        String datasetName = node.string("dataset");
        DatasetDefinition dataset = datasets.stream().filter(d -> d.name().equals(datasetName)).findFirst()
                .orElseThrow(() -> node.error("table '" + id + "' uses dataset '" + datasetName
                        + "', which is not defined"));
        String kind = node.string("kind", node.has("across") ? "cross" : node.has("by") ? "breakdown" : "series");
        if (!TABLE_KINDS.contains(kind)) {
            throw node.error("'kind' must be breakdown, series or cross");
        }
        String by = node.string("by", null);
        String across = node.string("across", null);
        if (!kind.equals("series") && by == null) {
            throw node.error("a " + kind + " table needs 'by' (the category its rows show)");
        }
        if (kind.equals("cross") && across == null) {
            throw node.error("a cross table needs 'across' (the category its columns show)");
        }
        for (String category : new String[] {by, across}) {
            if (category != null && !isCategory(dataset, category)) {
                throw node.error("'" + category + "' is not a category or band of dataset '" + datasetName + "'");
            }
            if (category != null && kind.equals("cross") && shownValues(dataset, category) < 2) {
                // with one row or one column, every cell equals a total published elsewhere: nothing can be hidden
                throw node.error("a cross table needs at least two values of '" + category + "'");
            }
        }
        for (String category : new String[] {by, across}) {
            if (category == null) {
                continue;
            }
            for (String value : categoryValues(dataset, category)) {
                if (sameLabel(value, "Total") && !isStatedTotal(dataset, category, value)) {
                    throw node.error("'" + category + "' has a value '" + value + "', which the table would show as "
                            + "well as its own Total " + (category.equals(by) ? "row" : "column")
                            + ": give that band or value another label");
                }
            }
        }
        List<Integer> notes = new ArrayList<>();
        for (String n : node.strings("notes")) {
            try {
                notes.add(Integer.parseInt(n.trim()));
            } catch (NumberFormatException e) {
                throw node.error("'notes' must list note numbers, not '" + n + "'");
            }
        }
        String chart = node.string("chart", "none");
        if (!CHARTS.contains(chart)) {
            throw node.error("'chart' must be bar, line, share or none");
        }
        int defaultYears = kind.equals("series") ? period.seriesYears() : kind.equals("cross") ? 1 : period.yearsShown();
        int years = Math.toIntExact(node.whole("years", defaultYears, 1, MAX_YEARS));
        return new TableDefinition(id, node.string("title"), datasetName, kind, by, across,
                node.string("measure", "Count"), List.copyOf(notes), chart, years);
    }

    /** Whether the value of a category is its dataset's stated total (rows checked, then left out of figures). */
    private static boolean isStatedTotal(DatasetDefinition dataset, String category, String value) {
        return dataset.totals().stream().anyMatch(t -> t.column().equals(category) && t.total().equals(value));
    }

    /** Values a table shows as rows: a stated-total value is not one. */
    private static long shownValues(DatasetDefinition dataset, String name) {
        List<String> totals = dataset.totals().stream().filter(t -> t.column().equals(name)).map(TotalRule::total)
                .toList();
        return categoryValues(dataset, name).stream().filter(v -> !totals.contains(v)).count();
    }

    static boolean isCategory(DatasetDefinition dataset, String name) {
        return dataset.bands().stream().anyMatch(b -> b.name().equals(name)) || dataset.column(name)
                .filter(c -> c.type() == ColumnType.CATEGORY).isPresent();
    }

    private HeadlineDefinition headline(YamlNode node, List<DatasetDefinition> datasets) {
        node.allowOnly("dataset", "where", "text");
        String datasetName = node.string("dataset");
        DatasetDefinition dataset = datasets.stream().filter(d -> d.name().equals(datasetName)).findFirst()
                .orElseThrow(() -> node.error("headline uses dataset '" + datasetName + "', which is not defined"));
        Map<String, String> where = node.stringMap("where");
        for (Map.Entry<String, String> e : where.entrySet()) {
            if (!isCategory(dataset, e.getKey())) {
                throw node.error("'where' names '" + e.getKey() + "', which is not a category or band of "
                        + datasetName);
            }
            if (!categoryValues(dataset, e.getKey()).contains(e.getValue())) {
                throw node.error("'" + e.getValue() + "' is not a value of " + e.getKey());
            }
            if (isStatedTotal(dataset, e.getKey(), e.getValue())) {
                throw node.error("'where: {" + e.getKey() + ": " + e.getValue() + "}' picks the rows that state the "
                        + "total, which are not a category of the figures (they are checked, then left out): leave "
                        + "out 'where' to report the total");
            }
        }
        String text = node.string("text");
        Matcher braces = PLACEHOLDER.matcher(text);
        while (braces.find()) {
            String name = braces.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                String meant = name.strip().toLowerCase(Locale.ROOT);
                String hint = !PLACEHOLDERS.contains(meant) ? "known: " + String.join(", ", PLACEHOLDERS.stream()
                        .sorted().map(p -> "{" + p + "}").toList())
                        : (name.strip().equals(name) ? "placeholders are lowercase" : "placeholders have no spaces")
                                + ": did you mean {" + meant + "}?";
                throw node.error("'text' has {" + name + "}, which is not a placeholder (" + hint + ")");
            }
        }
        // there is no escape for a brace: one left over is a placeholder written wrongly
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            throw node.error("'text' has " + (rest.indexOf('{') >= 0 ? "a '{' with no '}' to close it"
                    : "a '}' with no '{' to open it") + " (placeholders are written like {count}, and a headline "
                    + "cannot otherwise hold a brace)");
        }
        return new HeadlineDefinition(datasetName, Map.copyOf(where), text);
    }

    /** The values of a category column or band, in the order the definition gives them. */
    public static List<String> categoryValues(DatasetDefinition dataset, String name) {
        for (BandDefinition band : dataset.bands()) {
            if (band.name().equals(name)) {
                List<String> labels = new ArrayList<>(band.bands().stream().map(BandDefinition.Band::label).toList());
                labels.add(band.missing());
                return labels;
            }
        }
        return dataset.column(name).map(ColumnDefinition::values).orElse(List.of());
    }

    private static void unique(List<String> names, YamlNode node, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw node.error("two " + what + "s are named '" + n + "'");
            }
        }
    }

}
