package org.threatstats.publish.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nu.validator.client.EmbeddedValidator;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.threatstats.support.Published;
import org.threatstats.support.Runs;

/**
 * The HTML report as a browser, a screen reader's view of it (axe-core on WCAG 2.2 A and AA) and the Nu HTML
 * Checker see it: the sample, and a job whose title, note and category label hold markup, quotes, ampersands and
 * 2,000 characters. One headless Chromium (Debian's chromium and chromium-driver) serves every check.
 */
class HtmlReportTest {
    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    static final String NASTY = "<script>alert(\"x\")</script> & 'quoted' \"double\" ";
    static final String LONG = "W".repeat(2000);
    static final Path SHOTS = Path.of("target", "html-screenshots");

    @TempDir
    static Path dir;

    static Path sample;
    static Path bad;
    static XSSFWorkbook workbook;
    static Path pdfFile;
    static ChromeDriver browser;

    @BeforeAll
    static void publishAndStartBrowser() throws IOException {
        Path ws = Runs.workspace(dir.resolve("sample"));
        assertThat(Runs.run(ws, "annual-threat-report").exitCode()).isZero();
        Path latest = Published.latest(ws.resolve("output"), "annual-threat-report", "2025-03");
        sample = Published.file(latest, ".html");
        workbook = Published.workbook(Published.file(latest, ".xlsx"));
        pdfFile = Published.file(latest, ".pdf");

        Path badWs = Runs.workspace(dir.resolve("bad"));
        Path job = badWs.resolve("jobs/annual-threat-report.yml");
        String yaml = Files.readString(job);
        String label = yamlQuoted(NASTY + "under 18");
        yaml = yaml.replaceFirst("(?m)^title: .*$", Matcher.quoteReplacement("title: " + yamlQuoted(NASTY + LONG)))
                .replace("{label: 17 and under, max: 17}", "{label: " + label + ", max: 17}")
                .replace("where: {age_band: 17 and under}", "where: {age_band: " + label + "}")
                .replaceFirst("(?m)^notes:\\n", Matcher.quoteReplacement("notes:\n  - " + yamlQuoted(NASTY + LONG) + "\n"));
        Files.writeString(job, yaml);
        Runs.Result result = Runs.run(badWs, "annual-threat-report");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        bad = Published.file(Published.latest(badWs.resolve("output"), "annual-threat-report", "2025-03"), ".html");

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String yamlQuoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void open(Path file, int width) {
        browser.manage().window().setSize(new Dimension(width, 900));
        browser.get(file.toUri().toString());
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** axe-core's WCAG 2.2 A and AA violations of the page open in the browser, one line each. */
    static List<String> axeViolations() {
        Results results = new AxeBuilder().withTags(WCAG).analyze(browser);
        List<String> found = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            found.add(rule.getId() + ": " + rule.getHelp() + " (" + rule.getNodes().size() + " elements, first "
                    + rule.getNodes().get(0).getTarget() + ")");
        }
        return found;
    }

    /** The Nu HTML Checker's errors for a file, one line each. */
    static List<String> vnuErrors(Path file) throws Exception {
        EmbeddedValidator validator = new EmbeddedValidator();
        validator.setOutputFormat(EmbeddedValidator.OutputFormat.JSON);
        // its language guess (a warning at most) needs an old Jetty that Spring Boot's newer one replaces; the
        // language is declared, and checked, in the structure checks
        validator.setNoLangDetect(true);
        JsonNode report = new ObjectMapper().readTree(validator.validate(file));
        List<String> errors = new ArrayList<>();
        for (JsonNode m : report.path("messages")) {
            if (!"info".equals(m.path("type").asText())) {
                errors.add(m.path("type").asText() + " line " + m.path("lastLine").asText() + ": "
                        + m.path("message").asText());
            }
        }
        return errors;
    }

    /**
     * What the checks of structure find wrong in the page open in the browser: every table has a caption and a
     * header cell (scope col) per column and one (scope row) per row; every chart is an image with a title and a
     * description; one h1; headings without skipped levels; the marking first and last.
     */
    @SuppressWarnings("unchecked")
    static List<String> structureProblems() {
        return (List<String>) js("""
                const p = [];
                if (document.documentElement.lang !== 'en-GB') p.push('lang is ' + document.documentElement.lang);
                if (document.querySelectorAll('h1').length !== 1) p.push('not one h1');
                let level = 1;
                for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
                  const l = +h.tagName[1];
                  if (l > level + 1) p.push('heading skips a level: ' + h.textContent.slice(0, 60));
                  level = l;
                }
                const skip = document.querySelector('a.skip');
                if (!skip || !document.querySelector(skip.getAttribute('href'))) p.push('no skip link to main');
                for (const t of document.querySelectorAll('table')) {
                  const name = t.caption ? t.caption.textContent.slice(0, 40) : '(no caption)';
                  if (!t.caption || !t.caption.textContent.trim()) p.push('table without caption');
                  const cols = t.tHead ? t.tHead.querySelectorAll('th[scope=col]').length : 0;
                  if (cols === 0 || cols !== t.rows[0].cells.length) p.push(name + ': header cells ' + cols);
                  for (const row of t.tBodies[0].rows) {
                    if (row.querySelectorAll('th[scope=row]').length !== 1) { p.push(name + ': row without header'); break; }
                  }
                }
                for (const s of document.querySelectorAll('svg')) {
                  const title = s.querySelector('title'), desc = s.querySelector('desc');
                  if (s.getAttribute('role') !== 'img') p.push('svg without role img');
                  if (!title || !title.textContent.trim()) p.push('chart without title');
                  if (!desc || !desc.textContent.trim()) p.push('chart without description');
                  else if (s.getAttribute('aria-describedby') !== desc.id) p.push('chart description not linked');
                }
                const markings = document.querySelectorAll('.marking');
                if (markings.length < 2 || markings[0] !== document.body.querySelector('header .marking')
                    || !document.querySelector('footer .marking')) p.push('marking not at top and bottom');
                return p;
                """);
    }

    static void screenshot(String name, int width) throws IOException {
        browser.manage().window().setSize(new Dimension(width, 900));
        long height = (Long) js("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(width, (int) Math.min(height, 16000)));
        Files.write(SHOTS.resolve(name + "-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theSampleHasNoAxeViolationsAtDesktopOrPhoneWidth() throws IOException {
        for (int width : new int[] {1280, 390}) {
            open(sample, width);
            assertThat(axeViolations()).as("axe at %d px", width).isEmpty();
            assertThat(structureProblems()).isEmpty();
            screenshot("sample", width);
        }
    }

    @Test
    void badInputIsEscapedWrappedValidAndAccessible() throws Exception {
        String html = Files.readString(bad, StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;");
        for (int width : new int[] {1280, 390}) {
            open(bad, width);
            assertThat((Long) js("return document.scripts.length")).isZero();
            assertThat((String) js("return document.querySelector('h1').textContent")).startsWith(NASTY.strip());
            assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing wider than the window at %d px", width).isTrue();
            assertThat(axeViolations()).as("axe at %d px", width).isEmpty();
            assertThat(structureProblems()).isEmpty();
            screenshot("bad-input", width);
        }
        assertThat(vnuErrors(bad)).isEmpty();
    }

    @Test
    void theSampleIsValidHtml() throws Exception {
        assertThat(vnuErrors(sample)).isEmpty();
    }

    @Test
    void itMakesNoRequestAndRunsNoScript() throws IOException {
        String html = Files.readString(sample, StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "url(", "@import");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:");
        open(sample, 1280);
        assertThat((Long) js("return performance.getEntriesByType('resource').length")).isZero();
    }

    @Test
    void everyTableCellAndHeadlineOfTheWorkbookIsInTheHtml() throws IOException {
        open(sample, 1280);
        @SuppressWarnings("unchecked")
        Map<String, List<List<String>>> tables = (Map<String, List<List<String>>>) js("""
                const out = {};
                for (const t of document.querySelectorAll('table')) {
                  const n = t.caption.textContent.match(/^Table (\\d+):/)[1];
                  out['Table_' + n] = [...t.rows].map(r => [...r.cells].map(c => c.textContent));
                }
                return out;
                """);
        for (int n = 1; n <= 7; n++) {
            String sheet = "Table_" + n;
            assertThat(tables.get(sheet)).as(sheet).isEqualTo(Published.table(workbook, sheet));
        }
        @SuppressWarnings("unchecked")
        List<String> headlines = (List<String>) js(
                "return [...document.querySelectorAll('#headlines + ul li')].map(li => li.textContent)");
        assertThat(headlines).hasSize(5).contains("There were 232 arrests for terrorism-related activity in the year "
                + "ending 31 March 2025, 11 more than in the year ending 31 March 2024 (a rise of 5.0%).");
        String pdf = Published.pdfText(pdfFile).replaceAll("\\s+", " ");
        for (String h : headlines) {
            assertThat(pdf).as("the board pack's headlines").contains(h);
        }
    }

    /** The checks can fail: a header cell turned into a data cell, a chart without its description. */
    @Test
    void theChecksFailWhenAHeaderCellOrAChartDescriptionIsLost() throws Exception {
        String html = Files.readString(sample, StandardCharsets.UTF_8);
        String broken = html.replaceFirst("<th scope=\"col\">([^<]*)</th>", "<td>$1</td>")
                .replaceFirst("<desc [^>]*>[^<]*</desc>", "");
        Path file = dir.resolve("broken.html");
        Files.writeString(file, broken);
        open(file, 1280);
        assertThat(structureProblems()).anyMatch(p -> p.contains("header cells"))
                .anyMatch(p -> p.contains("chart without description"));
        assertThat(vnuErrors(file)).as("aria-describedby now names no element").isNotEmpty();
    }
}
