package org.threatstats.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFTable;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Reads published files as a reader would: the workbook's tables as displayed, the PDF's text. */
public final class Published {
    private Published() {
    }

    public static Path latest(Path output, String job, String period) {
        return output.resolve(job).resolve(period).resolve("latest");
    }

    public static Path file(Path dir, String extension) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(extension)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + extension + " in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static XSSFWorkbook workbook(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new XSSFWorkbook(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table sheet's Excel table as displayed: the header row then the data rows. */
    /** The text of column A of a sheet (the cover's lines, say), top to bottom. */
    public static List<String> columnA(XSSFWorkbook workbook, String sheetName) {
        List<String> lines = new ArrayList<>();
        for (Row row : workbook.getSheet(sheetName)) {
            Cell cell = row.getCell(0);
            if (cell != null && cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
                lines.add(cell.getStringCellValue());
            }
        }
        return lines;
    }

    public static List<List<String>> table(XSSFWorkbook workbook, String sheetName) {
        XSSFSheet sheet = workbook.getSheet(sheetName);
        if (sheet == null) {
            throw new AssertionError("no sheet " + sheetName);
        }
        XSSFTable table = sheet.getTables().get(0);
        DataFormatter formatter = new DataFormatter(java.util.Locale.UK);
        List<List<String>> rows = new ArrayList<>();
        for (int r = table.getStartRowIndex(); r <= table.getEndRowIndex(); r++) {
            Row row = sheet.getRow(r);
            List<String> cells = new ArrayList<>();
            for (int c = table.getStartColIndex(); c <= table.getEndColIndex(); c++) {
                Cell cell = row.getCell(c);
                cells.add(cell == null ? "" : display(cell, formatter));
            }
            rows.add(cells);
        }
        return rows;
    }

    /**
     * A cell as Excel shows it. POI's formatter rounds a double by its exact binary value (0.15 shows as 0.1);
     * Excel, like the reports' PDF, rounds its shortest decimal form (0.2), so one-decimal cells are formatted so.
     */
    static String display(Cell cell, DataFormatter formatter) {
        if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                && cell.getCellStyle().getDataFormatString().startsWith("0.0")) {
            String shown = java.math.BigDecimal.valueOf(cell.getNumericCellValue())
                    .setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
            String format = cell.getCellStyle().getDataFormatString();
            return shown + (format.contains("[p]") ? " [p]" : "") + (format.contains("[r]") ? " [r]" : "");
        }
        return formatter.formatCellValue(cell);
    }

    /** The sheet whose A1 title starts with "Table N: " + the given words. */
    public static String sheetTitled(XSSFWorkbook workbook, String titleStart) {
        for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
            XSSFSheet sheet = workbook.getSheetAt(i);
            if (sheet.getSheetName().startsWith("Table_")) {
                String a1 = sheet.getRow(0).getCell(0).getStringCellValue();
                if (a1.replaceFirst("^Table \\d+: ", "").startsWith(titleStart)) {
                    return sheet.getSheetName();
                }
            }
        }
        throw new AssertionError("no table titled '" + titleStart + "...'");
    }

    /**
     * The rows of a table as maps from column header to displayed value, keyed by the joined label columns
     * ("March 2025|17 and under").
     */
    public static Map<String, Map<String, String>> byLabels(List<List<String>> table, int labelColumns) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        List<String> header = table.get(0);
        for (List<String> row : table.subList(1, table.size())) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = labelColumns; c < row.size(); c++) {
                values.put(header.get(c), row.get(c));
            }
            rows.put(String.join("|", row.subList(0, labelColumns)), values);
        }
        return rows;
    }

    private static final java.util.regex.Pattern YEAR_COLUMN = java.util.regex.Pattern.compile(
            "^Year ending (\\w+ \\d{4}) \\(number\\)$");

    /**
     * A breakdown (years across: a row per category and a Total, a count column per year, then the latest year's
     * share and changes) read back in long form: "March 2025|17 and under" -> "count" for every year, and "share",
     * "change", "change-pct" for the latest year.
     */
    public static Map<String, Map<String, String>> breakdown(XSSFWorkbook workbook, String titleStart) {
        List<List<String>> table = table(workbook, sheetTitled(workbook, titleStart));
        List<String> header = table.get(0);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (List<String> row : table.subList(1, table.size())) {
            String latest = null;
            for (int c = 1; c < header.size(); c++) {
                var year = YEAR_COLUMN.matcher(header.get(c));
                if (year.matches()) {
                    latest = year.group(1);
                    rows.computeIfAbsent(latest + "|" + row.get(0), k -> new LinkedHashMap<>()).put("count",
                            row.get(c));
                } else {
                    String key = header.get(c).startsWith("Share") ? "share"
                            : header.get(c).endsWith("(%)") ? "change-pct" : "change";
                    rows.get(latest + "|" + row.get(0)).put(key, row.get(c));
                }
            }
        }
        return rows;
    }

    /** The XML of an .ods file's sheets (content.xml), as a reader of the format sees it. */
    public static String odsContent(Path ods) {
        try (ZipFile zip = new ZipFile(ods.toFile())) {
            return new String(zip.getInputStream(zip.getEntry("content.xml")).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pdfText(Path file) {
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            // the PDF joins a day and its month with a no-break space ("31 March"): a reader sees a space
            return new PDFTextStripper().getText(document).replace('\u00A0', ' ');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of every file under a folder (links followed), by relative path. */
    public static Map<String, String> hashes(Path dir) {
        Map<String, String> hashes = new TreeMap<>();
        if (!Files.exists(dir)) {
            return hashes;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                hashes.put(dir.relativize(p).toString(), sha256(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashes;
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file and folder name under a folder, hidden ones included (to catch partial files). */
    public static List<String> tree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
