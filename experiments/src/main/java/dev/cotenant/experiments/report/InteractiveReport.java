package dev.cotenant.experiments.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.experiments.report.Summary.Condition;
import dev.cotenant.experiments.report.Summary.Stat;
import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * report.html: one self-contained page (opens offline from disk) with interactive Vega-Lite charts
 * (hover for policy, load, SLO and seed; click the legend to single out policies; switch the metric;
 * filter conditions), tables sortable by any column, and the provenance as a table. Every number it
 * shows comes from {@link Summary} over the stored rows; an undefined value reads "n/a".
 */
final class InteractiveReport {
    /** The id of the JSON the page's script reads (see {@link ReportData}). */
    static final String DATA_ELEMENT_ID = "report-data";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InteractiveReport() {}

    /**
     * @param summary         every row label, bound rows included (tables)
     * @param scheduleSummary measured schedules only (charts)
     * @param figures         the static PNG/SVG figures already written to plots/, linked for papers
     */
    static String html(ExperimentSpec spec, Summary summary, Summary scheduleSummary, List<ExperimentRow> rows, List<Charts.Figure> figures,
                       JsonNode manifest, ExperimentWorkload workload) {
        StringBuilder b = new StringBuilder(1_100_000);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(spec.title())).append("</title>\n<style>\n").append(VegaBundle.styleSheet()).append("</style>\n")
                .append("</head><body>\n<main>\n");
        b.append("<h1>").append(esc(spec.title())).append("</h1>\n");
        if (!spec.paper().isEmpty()) b.append("<p><b>Corresponds to:</b> ").append(esc(spec.paper())).append("</p>\n");
        if (!spec.description().isBlank()) b.append("<p>").append(esc(spec.description().strip())).append("</p>\n");
        b.append(workload.directory() != null
                ? "<p class=\"note\"><b>Synthetic workload:</b> latencies are modelled (docs/workloads.md), so compare policies with each other, "
                        + "not these numbers with the paper's.</p>\n"
                : "<p class=\"note\"><b>Modelled hardware:</b> the multi-tile SoC is a calibrated analytic model (docs/moca.md).</p>\n");
        b.append("<nav>Contents: <a href=\"#charts\">charts</a> &middot; <a href=\"#tables\">tables</a>")
                .append(spec.hasOptimum() ? " &middot; <a href=\"#gaps\">gap to the optimum</a>" : "")
                .append(" &middot; <a href=\"#policies\">policies</a> &middot; <a href=\"#provenance\">provenance</a></nav>\n");

        List<Metric> metrics = definedMetrics(spec, workload);
        charts(b, spec);
        tables(b, metrics, summary);
        for (PolicySpec p : spec.policies()) if (p.isOptimum()) gapTable(b, spec, summary, p.label());
        policies(b, spec, manifest);
        provenance(b, spec, manifest, workload);
        if (!figures.isEmpty()) {
            b.append("<h2 id=\"figures\">Static figures (PNG and SVG, for papers)</h2>\n<ul class=\"figures\">\n");
            for (Charts.Figure f : figures) {
                String png = ExperimentStore.PLOTS + "/" + f.file();
                String svg = png.endsWith(".png") ? png.substring(0, png.length() - 4) + ".svg" : png;
                b.append("<li><a href=\"").append(esc(png)).append("\">").append(esc(f.file())).append("</a> (<a href=\"").append(esc(svg))
                        .append("\">svg</a>): ").append(esc(f.caption())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("<p>Data: <a href=\"metrics.csv\">metrics.csv</a> (one row per point and policy), "
                + "<a href=\"manifest.json\">manifest.json</a> (spec, provenance, timings). Charts drawn with ")
                .append(esc(VegaBundle.versions())).append(", inlined in this file.</p>\n</main>\n");
        b.append("<script type=\"application/json\" id=\"").append(DATA_ELEMENT_ID).append("\">")
                .append(jsonForScript(ReportData.of(spec, metrics, scheduleSummary, rows))).append("</script>\n");
        b.append("<script>\n").append(VegaBundle.libraries()).append("</script>\n");
        b.append("<script>\n").append(VegaBundle.script()).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void charts(StringBuilder b, ExperimentSpec spec) {
        b.append("<h2 id=\"charts\">Charts</h2>\n")
                .append("<p>Hover a point for its policy, load, SLO and seed; click a legend entry to single out a policy "
                        + "(shift-click for more, click empty space to reset). Lines join means over seeds, bars are one sample s.d. "
                        + "cut at the metric's range, small dots are single seeds.</p>\n")
                .append("<form id=\"controls\" class=\"controls\" onsubmit=\"return false\"></form>\n")
                .append("<p id=\"metric-definition\" class=\"definition\"></p>\n")
                .append("<div id=\"chart-errors\" class=\"errors\" hidden></div>\n")
                .append("<div id=\"charts-area\"><noscript>The charts need JavaScript; the tables below and plots/ hold the same numbers.</noscript></div>\n")
                .append("<p id=\"footnote\" class=\"definition\"></p>\n");
    }

    static void tables(StringBuilder b, List<Metric> metrics, Summary summary) {
        b.append("<h2 id=\"tables\">Tables</h2>\n<p>Mean &plusmn; sample standard deviation over seeds (the s.d. is left out with one seed); "
                + "click a column heading to sort. n/a: undefined for that row (a lower bound defines only the metrics it bounds).</p>\n");
        b.append("<dl class=\"definitions\">");
        for (Metric m : metrics) b.append("<dt>").append(esc(FigureText.name(m))).append("</dt><dd>").append(esc(FigureText.definition(m))).append("</dd>");
        b.append("</dl>\n");
        for (Condition c : summary.conditions()) {
            b.append("<h3>").append(esc(c.label())).append("</h3>\n<div class=\"table-wrap\"><table class=\"sortable results\"><thead><tr>")
                    .append(header("policy", "text", null));
            for (Metric m : metrics) b.append(header(FigureText.name(m), "number", FigureText.axisTitle(m)));
            b.append("</tr></thead><tbody>\n");
            for (String policy : summary.policies()) {
                b.append("<tr><td>").append(esc(policy)).append("</td>");
                for (Metric m : metrics) statCell(b, summary.stat(c, policy, m));
                b.append("</tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
    }

    /**
     * Per condition, each schedule's mean priority-weighted violation rate and ANTT minus the optimum's (same traces, so the
     * difference of means is the mean of per-trace gaps): 0 is as good as the optimum; an ANTT gap can be negative under the
     * lexicographic objective, which puts misses first.
     */
    private static void gapTable(StringBuilder b, ExperimentSpec spec, Summary summary, String optimum) {
        Metric[] metrics = {Metric.PRIORITY_WEIGHTED_VIOLATION_RATE, Metric.ANTT};
        b.append("<h2 id=\"gaps\">Gap to the offline optimum (").append(esc(optimum)).append(")</h2>\n<p>Mean over seeds of each schedule's metric minus ")
                .append(esc(optimum)).append("'s on the same traces (0: as good as the optimum); the bound rows in the tables show how much lower "
                        + "any schedule could go.</p>\n");
        b.append("<div class=\"table-wrap\"><table class=\"sortable\"><thead><tr>").append(header("condition", "text", null))
                .append(header("policy", "text", null));
        for (Metric m : metrics) b.append(header(FigureText.name(m) + " gap", "number", FigureText.definition(m)));
        b.append("</tr></thead><tbody>\n");
        for (Condition c : summary.conditions()) {
            for (String policy : spec.scheduleLabels()) {
                if (policy.equals(optimum)) continue;
                b.append("<tr><td>").append(esc(c.label())).append("</td><td>").append(esc(policy)).append("</td>");
                for (Metric m : metrics) {
                    double gap = summary.stat(c, policy, m).mean() - summary.stat(c, optimum, m).mean();
                    numberCell(b, gap, Double.isFinite(gap) ? number(gap, 4) : "n/a");
                }
                b.append("</tr>\n");
            }
        }
        b.append("</tbody></table></div>\n");
    }

    private static void policies(StringBuilder b, ExperimentSpec spec, JsonNode manifest) {
        Map<String, String> shortLabels = FigureText.shortLabels(spec.scheduleLabels());
        b.append("<h2 id=\"policies\">Policies</h2>\n<div class=\"table-wrap\"><table class=\"sortable\"><thead><tr>")
                .append(header("label", "text", null)).append(header("in charts", "text", "the short label the charts use"))
                .append(header("scheduler", "text", null)).append(header("parameters", "text", null)).append(header("origin", "text", null))
                .append("</tr></thead><tbody>\n");
        for (PolicySpec p : spec.policies()) {
            b.append("<tr><td>").append(esc(p.label())).append("</td><td>").append(esc(shortLabels.getOrDefault(p.label(), p.label()))).append("</td>");
            if (p.isOptimum()) {
                PolicySpec.Optimum o = p.optimum();
                b.append("<td>offline optimum (docs/optimal.md)</td><td>").append(esc(String.format(Locale.ROOT,
                                "objective %s, time limit %s s, %d moves per request, exact up to %d requests",
                                o.objective(), number(o.timeLimitSeconds(), 6), o.movesPerRequest(), o.exactMaxRequests())))
                        .append("</td><td>").append(esc(p.label() + PolicySpec.FAMILY_BOUND_SUFFIX + ": priority-weighted misses no fixed order beats; "
                                + p.label() + PolicySpec.RELAXATION_BOUND_SUFFIX + ": misses and ANTT no schedule beats; "
                                + "their other metrics are undefined (n/a)")).append("</td></tr>\n");
                continue;
            }
            double[] v = p.parameters();
            List<String> params = new ArrayList<>();
            for (int i = 0; i < v.length; i++) params.add(p.space().get(i).name() + " = " + plain(v[i]));
            b.append("<td>").append(esc(p.schedulerName())).append("</td><td>").append(esc(params.isEmpty() ? "none" : String.join(", ", params)))
                    .append("</td><td>").append(esc(origin(p, manifest))).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    private static void provenance(StringBuilder b, ExperimentSpec spec, JsonNode manifest, ExperimentWorkload workload) {
        b.append("<h2 id=\"provenance\">Provenance</h2>\n<div class=\"table-wrap\"><table class=\"provenance\"><tbody>\n");
        String reproduce = manifest.path("reproduce").asText("");
        if (!reproduce.isEmpty()) b.append("<tr><th>reproduce</th><td><code>").append(esc(reproduce)).append("</code></td></tr>\n");
        // written just before the manifest turns complete (ExperimentRunner.markComplete), so it shows the status about to be
        String status = manifest.path("status").asText("");
        row(b, "status", ExperimentRunner.REPORTING.equals(status) ? "complete" : status);
        row(b, "points", manifest.path("points_done").asText("?") + " of " + manifest.path("points_total").asText("?"));
        row(b, "git commit", manifest.path("git_commit").asText(""));
        row(b, "cotenant version", manifest.path("cotenant_version").asText(""));
        row(b, "spec sha256", manifest.path("spec_sha256").asText(""));
        if (workload.directory() != null) {
            // the time-multiplexed setting's describe() prints its KernelOptions record: the rows below say it in words
            row(b, "workload", spec.workload().source().name().toLowerCase(Locale.ROOT) + " " + spec.workload().sourceName() + ", "
                    + spec.workload().requests() + " requests per trace, " + workload.directory().modelCount() + " latency tables");
            row(b, "offered load 1 =", number(workload.ratePerSecondAtFullLoad(), 4) + " requests/s");
            row(b, "kernel", kernel(spec.kernel()));
        } else {
            row(b, "setting", workload.setting().describe());
            row(b, "workloads", String.join(", ", spec.workload().workloads()));
        }
        row(b, "seeds", spec.sweep().seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        row(b, "started", manifest.path("started").asText(""));
        row(b, "finished", manifest.path("finished").asText(""));
        if (manifest.has("wall_seconds_total")) row(b, "wall time (all sessions)", number(manifest.path("wall_seconds_total").asDouble(), 3) + " s");
        JsonNode machine = manifest.path("machine");
        if (machine.isObject()) {
            row(b, "machine", machine.path("cores").asText("?") + " cores, " + machine.path("os").asText("") + ", host " + machine.path("host").asText(""));
        }
        row(b, "java", manifest.path("java").asText(""));
        b.append("</tbody></table></div>\n<details><summary>The resolved spec (what the sha256 fingerprints)</summary><pre>")
                .append(esc(pretty(manifest.has("spec") ? manifest.get("spec") : spec.toJson()))).append("</pre></details>\n");
    }

    /** The kernel's settings in words, as the CLI's options name them. */
    static String kernel(KernelOptions k) {
        return "estimator " + k.estimator().cliName() + " (last " + k.lastLayers() + " layers), switch cost " + plain(k.switchCostSeconds())
                + " s, " + (k.artifactClock() ? "the Sparse-DySta artifact's admission clock (can step time back)" : "physical clock");
    }

    /** The origin, with the artefact an entry was resolved from (tuned best.json, trained predictor) and its hash. */
    private static String origin(PolicySpec p, JsonNode manifest) {
        JsonNode a = manifest.path("artefacts").path(p.label());
        if (a.isMissingNode()) return p.origin();
        String sha = a.path("sha256").asText("");
        return p.origin() + ": " + a.path("file").asText() + " (sha256 " + sha.substring(0, Math.min(12, sha.length())) + ", " + a.path("how").asText() + ")";
    }

    /**
     * The metrics the setting defines (metrics.csv holds the others as NaN): the spec's first, in its order, then the
     * rest in column order.
     */
    static List<Metric> definedMetrics(ExperimentSpec spec, ExperimentWorkload workload) {
        java.util.Set<Metric> defined = workload.setting().metrics();
        List<Metric> metrics = new ArrayList<>();
        for (Metric m : spec.metrics()) if (defined.contains(m)) metrics.add(m);
        for (Metric m : Metric.values()) if (defined.contains(m) && !metrics.contains(m)) metrics.add(m);
        return metrics;
    }

    private static String header(String text, String type, String title) {
        return "<th data-type=\"" + type + "\"" + (title == null ? "" : " title=\"" + esc(title) + "\"") + "><button type=\"button\">" + esc(text)
                + "</button></th>";
    }

    private static void statCell(StringBuilder b, Stat s) {
        if (!Double.isFinite(s.mean())) {
            numberCell(b, Double.NaN, "n/a");
            return;
        }
        // the spread on its own line under the mean: a dozen metric columns then fit a 1400-pixel window
        String text = number(s.mean(), 4) + (s.seeds() > 1 && Double.isFinite(s.std())
                ? "<span class=\"sd\">&plusmn; " + spread(s.mean(), s.std()) + "</span>" : "");
        numberCell(b, s.mean(), text);
    }

    /**
     * A standard deviation to 2 significant digits, but no finer than the mean's last shown digit: a spread of
     * 5e-14 around 1 is rounding noise in the simulator's arithmetic, and reads "0", not "0.000000000000051".
     */
    static String spread(double mean, double std) {
        if (std == 0 || mean == 0) return number(std, 2);
        BigDecimal sd = new BigDecimal(std).round(new MathContext(2));
        int meanScale = new BigDecimal(mean).round(new MathContext(4)).scale();
        if (sd.scale() > meanScale) sd = sd.setScale(meanScale, java.math.RoundingMode.HALF_EVEN);
        return sd.signum() == 0 ? "0" : sd.stripTrailingZeros().toPlainString();
    }

    /** A number cell: the text shown, and the exact value the sort uses (none: sorts last). */
    private static void numberCell(StringBuilder b, double value, String html) {
        b.append("<td").append(Double.isFinite(value) ? " data-value=\"" + value + "\"" : "").append('>').append(html).append("</td>");
    }

    /** {@code digits} significant digits, plain notation, no trailing zeros: 0.001667, 28.73, 12350. */
    static String number(double v, int digits) {
        if (!Double.isFinite(v)) return "n/a";
        if (v == 0) return "0";
        String s = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** A parameter as given (full precision), without a trailing ".0" on whole numbers. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void row(StringBuilder b, String key, String value) {
        if (value == null || value.isBlank()) return;
        b.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON inside a script element: {@code </} is written {@code <\/} (same string in JSON) so no value can end the element. */
    static String jsonForScript(JsonNode node) {
        try {
            return JSON.writeValueAsString(node).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
