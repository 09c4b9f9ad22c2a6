package dev.cotenant.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cotenant.experiments.cli.CotenantCli;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * report.html in a real browser: headless Chromium opens the report of the quick built-in demo
 * from disk (offline: the page may fetch nothing) and the test checks what a reader would: every
 * chart drew the marks the data implies, hovering names the seed, the legend singles out a policy,
 * the metric and condition controls redraw, a table sorts, nothing overflows at 1400 px, no
 * "NaN" or Java record text, no request but the file itself, and not one console error or warning. It saves a screenshot as a build artefact
 * (target/report-browser/report.png).
 *
 * <p>Skipped with a message when no Chromium is installed (a developer's box); .ci/run installs
 * Debian's package and sets COTENANT_REQUIRE_BROWSER=1, which turns the skip into a failure.
 */
class ReportBrowserTest {
    static final int WIDTH_PIXELS = 1400;
    static final Path ARTEFACTS = Path.of("target", "report-browser");
    private static final java.util.concurrent.atomic.AtomicBoolean SKIP_SAID = new java.util.concurrent.atomic.AtomicBoolean();

    @TempDir
    Path dir;

    /** The browser, or a skip (a failure under COTENANT_REQUIRE_BROWSER) when none is installed. */
    static Path chromiumOrSkip() {
        Path chromium = HeadlessChromium.binary();
        if (chromium == null) {
            String message = "no Chromium found (/usr/bin/chromium or COTENANT_CHROMIUM): report.html's browser test is skipped; "
                    + "install Debian's 'chromium' package to run it";
            if (System.getenv("COTENANT_REQUIRE_BROWSER") != null) fail(message);
            if (!SKIP_SAID.getAndSet(true)) System.err.println("ReportBrowserTest: " + message); // once, not per test
            Assumptions.abort(message);
        }
        return chromium;
    }

    /** Runs {@code cotenant experiment run ARGS --out OUT --no-progress} in-process; returns the report. */
    static Path runExperiment(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of("experiment", "run"));
        all.addAll(List.of(args));
        return runCli(out, all);
    }

    /** Runs {@code cotenant ARGS --out OUT --no-progress} in-process, its output kept off the console; returns the report. */
    static Path runCli(Path out, List<String> args) {
        CommandLine cli = CotenantCli.commandLine();
        StringWriter text = new StringWriter();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", out.toString(), "--no-progress"));
        assertEquals(0, cli.execute(all.toArray(String[]::new)), text.toString());
        return out.resolve("report.html");
    }

    @Test
    void theDemoReportDrawsEveryChartReactsToTheReaderAndFitsTheWindow() throws Exception {
        Path chromium = chromiumOrSkip();
        Path out = dir.resolve("demo");
        Path report = runExperiment(out, "demo", "--quick");

        // What the page must draw follows from the spec alone: the quick demo is 3 arrival rates x 1 SLO x 2 seeds, 10 policies.
        ExperimentSpec spec = BuiltinExperiments.load("demo").quick();
        int policies = spec.scheduleLabels().size();
        int conditions = spec.sweep().loads().size() * Math.max(1, spec.sweep().sloMultipliers().size());
        int seeds = spec.sweep().seeds().size();
        assertEquals(List.of(10, 3, 2), List.of(policies, conditions, seeds), "the quick demo changed: recheck the counts below");
        int means = policies * conditions;

        try (HeadlessChromium browser = new HeadlessChromium(chromium, WIDTH_PIXELS, 1000)) {
            browser.open(report);
            JsonNode drawn = browser.evaluate(COUNT_MARKS);
            assertEquals("drawn", drawn.path("state").asText(), drawn.toString());
            assertEquals("[]", drawn.path("errors").toString());
            // The sweep has one SLO multiplier, so there is no chart against it.
            assertEquals(List.of("vs-load", "bars", "tradeoff"), names(drawn.path("charts")));
            JsonNode vsLoad = drawn.path("charts").path("vs-load");
            assertEquals(1, vsLoad.path("svg").asInt());
            assertEquals(means * seeds + means, vsLoad.path("symbols").asInt(), "a dot per seed and a marker per mean: " + vsLoad);
            assertEquals(policies, vsLoad.path("lines").asInt(), "one line per policy");
            assertEquals(means, vsLoad.path("rules").asInt(), "one error bar per mean");
            JsonNode bars = drawn.path("charts").path("bars");
            assertEquals(means, bars.path("rects").asInt(), "a bar per policy in each condition's panel: " + bars);
            assertEquals(means, bars.path("rules").asInt());
            JsonNode tradeoff = drawn.path("charts").path("tradeoff");
            assertEquals(means, tradeoff.path("symbols").asInt(), "a marker per policy and condition: " + tradeoff);
            assertEquals(policies, tradeoff.path("lines").asInt());
            browser.screenshot(ARTEFACTS.resolve("report.png"));

            // Tick labels a reader can read: 10, not 1e+1.
            JsonNode exponents = browser.evaluate("[...document.querySelectorAll('g.role-axis-label text')].map(t => t.textContent)"
                    + ".filter(t => /e[+-]?[0-9]/.test(t))");
            assertEquals("[]", exponents.toString(), "axis labels in exponent notation");
            // The load axis is labelled at the swept rates, 4, 8 and 10 requests/s (the demo's; its quick run keeps first, middle, last).
            JsonNode xLabels = browser.evaluate("[...document.querySelectorAll('[data-chart=\"vs-load\"] g.role-axis[aria-label^=\"X-axis\"] "
                    + "g.role-axis-label text')].map(t => t.textContent)");
            assertEquals("[\"4\",\"8\",\"10\"]", xLabels.toString());

            // Nothing wider than the window: the page, each table and each chart.
            JsonNode widths = browser.evaluate(WIDTHS);
            assertTrue(widths.path("page").asInt() <= WIDTH_PIXELS, widths.toString());
            for (JsonNode box : widths.path("boxes")) assertTrue(box.path("scroll").asInt() <= box.path("client").asInt(), "overflows: " + box);
            assertTrue(widths.path("boxes").size() >= conditions + 3, "tables and charts measured: " + widths);

            String body = browser.evaluate("document.body.innerText").asText();
            assertFalse(body.contains("NaN"), "NaN shown");
            assertFalse(body.matches("(?s).*\\b[A-Z][A-Za-z]+\\[[a-z][A-Za-z]*=.*"), "a Java record's toString shown");
            assertTrue(body.contains("./cotenant experiment run demo --quick --out " + out), "the command to reproduce");

            // Hover a seed's dot away from its mean's marker: the tooltip names policy, load, SLO and seed.
            JsonNode seedDot = browser.evaluate(SEED_DOT);
            browser.mouseMove(seedDot.path("x").asDouble(), seedDot.path("y").asDouble());
            String tooltip = browser.evaluate("new Promise(r => setTimeout(() => r(document.getElementById('vg-tooltip-element')"
                    + "?.innerText || ''), 300))").asText();
            for (String field : List.of("policy", "offered load", "arrival rate", "SLO multiplier", "seed")) {
                assertTrue(tooltip.contains(field), "tooltip lacks " + field + ": " + tooltip);
            }
            assertTrue(tooltip.contains(seedDot.path("policy").asText()), tooltip + " vs " + seedDot);

            // Click the legend's first entry: that policy's markers stay, the other policies' fade.
            JsonNode legend = browser.evaluate(LEGEND_ENTRY);
            browser.click(legend.path("x").asDouble(), legend.path("y").asDouble());
            JsonNode opacities = browser.evaluate(MEAN_OPACITIES);
            assertEquals(conditions, opacities.path("full").asInt(), "one policy's markers at full opacity: " + opacities);
            assertEquals(means - conditions, opacities.path("faded").asInt(), opacities.toString());

            // Switch the metric: the charts redraw with ANTT's axis.
            JsonNode titles = browser.evaluate("(async () => { const s = document.getElementById('metric'); s.value = 'antt';"
                    + " s.dispatchEvent(new Event('change')); await window.cotenantReport.done;"
                    + " return [...document.querySelectorAll('[data-chart=\"vs-load\"] g.role-axis-title text')].map(t => t.textContent); })()");
            assertTrue(titles.toString().contains(FigureText.axisTitle(dev.cotenant.simulator.metrics.Metric.ANTT)), titles.toString());

            // Filter out the first arrival rate: a third of the marks go.
            JsonNode filtered = browser.evaluate("(async () => { const box = document.querySelector('fieldset[data-axis=\"loads\"] input');"
                    + " box.checked = false; box.dispatchEvent(new Event('change', {bubbles: true})); await window.cotenantReport.done; "
                    + "return " + COUNT_MARKS + "; })()");
            int kept = means - policies;
            assertEquals(kept * seeds + kept, filtered.path("charts").path("vs-load").path("symbols").asInt(), filtered.toString());
            assertEquals(kept, filtered.path("charts").path("bars").path("rects").asInt(), filtered.toString());

            // Sort the first condition's table by ANTT, then reverse it; the order is recomputed here from metrics.csv.
            // Ties (sjf and sjf-sparse can schedule alike) keep the table's previous order, which is the spec's: the sort is stable.
            Path csv = out.resolve("metrics.csv");
            assertEquals(policiesByMeanAntt(csv, seeds, spec.scheduleLabels(), false), sortedColumn(browser, "ANTT"));
            assertEquals(policiesByMeanAntt(csv, seeds, spec.scheduleLabels(), true), sortedColumn(browser, "ANTT"));

            // Offline: the page asked for nothing but itself (the libraries are inlined; no CDN, no font, no image).
            assertEquals(List.of(report.toUri().toString()), browser.requests().stream().filter(u -> !u.startsWith("data:")).distinct().toList());

            List<HeadlessChromium.ConsoleEntry> problems = browser.console().stream()
                    .filter(e -> !List.of("log", "info", "debug", "verbose").contains(e.level())).toList();
            assertEquals(List.of(), problems, "console errors or warnings");
        }
    }

    /**
     * A sweep over both axes (2 rates x 2 SLO multipliers x 2 seeds, 3 policies, one of them tuned-looking with a long
     * label): a panel per SLO on the load chart and per load on the SLO chart; then every metric, with and without a log
     * axis where one is offered, draws without an error or warning.
     */
    @Test
    void aSweepOverBothAxesDrawsAPanelPerConditionAndEveryMetricDraws() throws Exception {
        Path chromium = chromiumOrSkip();
        Path spec = dir.resolve("both-axes.yaml");
        Files.writeString(spec, """
                name: both-axes
                title: "Both axes swept"
                workload:
                  builtin: demo
                  requests: 60
                policies: [fcfs, sjf, "dysta:beta=0.0013608340626976945"]
                sweep:
                  arrival_rate_per_s: [4, 8]
                  slo_multiplier: [5, 10]
                  seeds: [1, 2]
                metrics: [violation_rate, antt]
                """);
        Path report = runExperiment(dir.resolve("both"), "--spec", spec.toString());
        int policies = 3, conditions = 4, seeds = 2, panelsPerChart = 2;
        int means = policies * conditions;
        try (HeadlessChromium browser = new HeadlessChromium(chromium, WIDTH_PIXELS, 1000)) {
            browser.open(report);
            JsonNode drawn = browser.evaluate(COUNT_MARKS);
            assertEquals("drawn", drawn.path("state").asText(), drawn.toString());
            assertEquals(List.of("vs-load", "vs-slo", "bars", "tradeoff"), names(drawn.path("charts")));
            for (String chart : List.of("vs-load", "vs-slo")) {
                JsonNode c = drawn.path("charts").path(chart);
                assertEquals(means * seeds + means, c.path("symbols").asInt(), chart + ": " + c);
                assertEquals(policies * panelsPerChart, c.path("lines").asInt(), chart + ": a line per policy in each of 2 panels");
                assertEquals(means, c.path("rules").asInt(), chart + ": " + c);
            }
            assertEquals(means, drawn.path("charts").path("bars").path("rects").asInt());
            assertEquals(means, drawn.path("charts").path("tradeoff").path("symbols").asInt());
            assertEquals(policies * panelsPerChart, drawn.path("charts").path("tradeoff").path("lines").asInt());
            JsonNode xLabels = browser.evaluate("[...document.querySelectorAll('[data-chart=\"vs-slo\"] g.role-axis[aria-label^=\"X-axis\"] "
                    + "g.role-axis-label text')].map(t => t.textContent)");
            assertEquals("[\"5\",\"10\",\"5\",\"10\"]", xLabels.toString(), "the swept multipliers, in each of the 2 panels");
            // The long label is drawn short, and the page says what it stands for.
            String footnote = browser.evaluate("document.getElementById('footnote').textContent").asText();
            assertTrue(footnote.contains("dysta* = dysta:beta=0.00136"), footnote);

            JsonNode everyMetric = browser.evaluate("(async () => { const select = document.getElementById('metric'), log = document.getElementById('log');"
                    + " const seen = []; for (const option of [...select.options]) { select.value = option.value;"
                    + " select.dispatchEvent(new Event('change')); await window.cotenantReport.done; const states = [log.checked];"
                    + " if (!log.disabled) { log.checked = !log.checked; log.dispatchEvent(new Event('change')); await window.cotenantReport.done;"
                    + " states.push(log.checked); }"
                    + " const drawnCharts = [...document.querySelectorAll('section.chart')].filter(s => s.querySelector('svg.marks')).length;"
                    + " seen.push(option.value + ':' + states.join('/') + ':' + drawnCharts); }"
                    + " return { seen, errors: window.cotenantReport.errors }; })()");
            assertEquals("[]", everyMetric.path("errors").toString());
            // every metric the time-multiplexed setting defines (MoCA's own are not offered)
            assertEquals(dev.cotenant.simulator.setting.TimeMultiplexedSetting.METRICS.size(), everyMetric.path("seen").size(), everyMetric.toString());
            for (JsonNode seen : everyMetric.path("seen")) assertTrue(seen.asText().endsWith(":4"), "a chart missing: " + everyMetric);
            assertTrue(everyMetric.toString().contains("antt:true/false:4"), "ANTT starts on a log axis (FCFS is slow): " + everyMetric);
            assertTrue(everyMetric.toString().contains("violation_rate:false:4"), "a rate has no log axis: " + everyMetric);

            List<HeadlessChromium.ConsoleEntry> problems = browser.console().stream()
                    .filter(e -> !List.of("log", "info", "debug", "verbose").contains(e.level())).toList();
            assertEquals(List.of(), problems, "console errors or warnings");
        }
    }

    /**
     * MoCA's setting (two workload sets, two policies, no swept axis, no ANTT): only the per-condition bars, a panel per
     * set, and the page is as clean as the time-multiplexed one.
     */
    @Test
    void aMocaReportDrawsAPanelPerWorkloadSet() throws Exception {
        Path chromium = chromiumOrSkip();
        Path report = runCli(dir.resolve("moca"), List.of("moca", "--scenarios", "moca-a-m,moca-c-m", "--policies", "moca,static-partition"));
        try (HeadlessChromium browser = new HeadlessChromium(chromium, WIDTH_PIXELS, 1000)) {
            browser.open(report);
            JsonNode drawn = browser.evaluate(COUNT_MARKS);
            assertEquals("drawn", drawn.path("state").asText(), drawn.toString());
            assertEquals(List.of("bars"), names(drawn.path("charts")), "no swept axis and no ANTT: bars only");
            assertEquals(2 * 2, drawn.path("charts").path("bars").path("rects").asInt(), "2 sets x 2 policies: " + drawn);
            String body = browser.evaluate("document.body.innerText").asText();
            assertFalse(body.contains("NaN"), "NaN shown");
            assertTrue(body.contains("MoCA multi-tile model"), "the setting in the provenance");
            List<HeadlessChromium.ConsoleEntry> problems = browser.console().stream()
                    .filter(e -> !List.of("log", "info", "debug", "verbose").contains(e.level())).toList();
            assertEquals(List.of(), problems, "console errors or warnings");
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Clicks the heading {@code column} of the first results table and returns its policy column, top to bottom. */
    private static List<String> sortedColumn(HeadlessChromium browser, String column) {
        JsonNode cells = browser.evaluate("(() => { const t = document.querySelector('table.results');"
                + " [...t.tHead.rows[0].cells].find(th => th.innerText.trim().replace(/[\\u25B2\\u25BC]/g, '').trim() === '" + column + "')"
                + ".querySelector('button').click(); return [...t.tBodies[0].rows].map(r => r.cells[0].innerText.trim()); })()");
        List<String> out = new ArrayList<>();
        cells.forEach(c -> out.add(c.asText()));
        return out;
    }

    /** The policies of the first condition (metrics.csv's first rows) by mean ANTT over its seeds, ties in spec order. */
    static List<String> policiesByMeanAntt(Path metricsCsv, int seeds, List<String> specOrder, boolean descending) throws java.io.IOException {
        List<String> lines = Files.readAllLines(metricsCsv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int policy = header.indexOf("policy");
        int antt = header.indexOf("antt");
        int rate = header.indexOf("arrival_rate_per_s");
        String firstRate = lines.get(1).split(",")[rate];
        Map<String, Double> sum = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[rate].equals(firstRate)) sum.merge(f[policy], Double.parseDouble(f[antt]), Double::sum);
        }
        List<String> order = new ArrayList<>(specOrder);
        Comparator<String> byMean = Comparator.comparingDouble(p -> sum.get(p) / seeds);
        order.sort(descending ? byMean.reversed() : byMean);
        return order;
    }

    /** Per chart: Vega's SVGs (not the menu icon) and the data marks drawn (legend symbols and axes are other roles). */
    static final String COUNT_MARKS = "(async () => { await window.cotenantReport.done; const charts = {};"
            + " for (const s of document.querySelectorAll('section.chart')) { const q = sel => s.querySelectorAll(sel).length;"
            + " charts[s.dataset.chart] = { svg: q('svg.marks'), symbols: q('g.mark-symbol.role-mark path'), lines: q('g.mark-line.role-mark path'),"
            + " rules: q('g.mark-rule.role-mark line'), rects: q('g.mark-rect.role-mark path') }; }"
            + " return { state: window.cotenantReport.state, errors: window.cotenantReport.errors, charts }; })()";

    /** The page's width, and each table's and chart's content width against its box. */
    static final String WIDTHS = "(() => ({ page: document.documentElement.scrollWidth, boxes: [...document.querySelectorAll("
            + "'.table-wrap, section.chart')].map(e => ({ what: e.dataset.chart || e.querySelector('table')?.className || '?', "
            + "scroll: e.scrollWidth, client: e.clientWidth })) }))()";

    /** The centre of the seed dot farthest from every mean marker in the first chart, and its policy. */
    static final String SEED_DOT = "(() => { const groups = document.querySelectorAll('[data-chart=\"vs-load\"] g.mark-symbol.role-mark');"
            + " const centre = p => { const r = p.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; };"
            + " const seedPaths = [...groups[0].querySelectorAll('path')]; const meanPaths = [...groups[1].querySelectorAll('path')].map(centre);"
            + " let best = null, far = -1; for (const p of seedPaths) { const c = centre(p);"
            + " const d = Math.min(...meanPaths.map(m => Math.hypot(m.x - c.x, m.y - c.y))); if (d > far) { far = d; best = p; } }"
            + " best.scrollIntoView({ block: 'center' }); const c = centre(best);"
            + " return { x: c.x, y: c.y, policy: /policy: ([^;]+)/.exec(best.getAttribute('aria-label'))[1], distance: far }; })()";

    /** The centre of the first chart's first legend symbol. */
    static final String LEGEND_ENTRY = "(() => { const s = document.querySelector('[data-chart=\"vs-load\"] g.mark-symbol.role-legend-symbol path');"
            + " s.scrollIntoView({ block: 'center' }); const r = s.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()";

    /** How many mean markers of the first chart are drawn at full opacity and how many faded. */
    static final String MEAN_OPACITIES = "new Promise(done => setTimeout(() => { const g = document.querySelectorAll("
            + "'[data-chart=\"vs-load\"] g.mark-symbol.role-mark')[1]; const o = [...g.querySelectorAll('path')]"
            + ".map(p => parseFloat(p.getAttribute('opacity') ?? '1')); done({ full: o.filter(v => v === 1).length, "
            + "faded: o.filter(v => v < 0.5).length }); }, 300))";
}
