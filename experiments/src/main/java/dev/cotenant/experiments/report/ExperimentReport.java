package dev.cotenant.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.report.Summary.Condition;
import dev.cotenant.experiments.report.Summary.Stat;
import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.metrics.Metric;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An experiment's report: {@code plots/*.png} (swapped in whole by {@link ResultFolder}) and one
 * static {@code report.html} with the spec, the provenance, a table per sweep condition and the
 * charts. It reads only the stored rows and the manifest, so it can be redrawn from a folder.
 */
public final class ExperimentReport {
    private ExperimentReport() {}

    /** Draws the charts and writes report.html into {@code folder}; returns the report's path. */
    public static Path write(ExperimentSpec spec, List<ExperimentRow> rows, ExperimentWorkload workload, Path folder) throws IOException {
        Summary summary = new Summary(rows, spec.policyLabels());
        List<Charts.Figure> figures;
        try (ResultFolder plots = ResultFolder.part(folder.resolve(ExperimentStore.PLOTS), "experiment-plots")) {
            // Bound rows leave most metrics undefined (NaN), so the charts draw measured schedules only; the tables show the bounds.
            figures = Charts.draw(spec, new Summary(rows, spec.scheduleLabels()), plots.file(""));
            plots.commit();
        }
        JsonNode manifest = new ObjectMapper().readTree(folder.resolve(ExperimentStore.MANIFEST).toFile());
        String html = html(spec, summary, figures, manifest, workload);
        Path report = folder.resolve(ExperimentStore.REPORT_HTML);
        AtomicFiles.write(report, out -> out.write(html));
        return report;
    }

    private static String html(ExperimentSpec spec, Summary summary, List<Charts.Figure> figures, JsonNode manifest, ExperimentWorkload workload) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(spec.title())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}img{max-width:100%}code{background:#f4f4f4}</style></head><body>\n");
        b.append("<h1>").append(esc(spec.title())).append("</h1>\n");
        if (!spec.paper().isEmpty()) b.append("<p><b>Corresponds to:</b> ").append(esc(spec.paper())).append("</p>\n");
        if (!spec.description().isEmpty()) b.append("<p>").append(esc(spec.description())).append("</p>\n");
        b.append(workload.directory() != null
                ? "<p><b>Synthetic workload:</b> latencies are modelled (docs/workloads.md), so compare policies with each other, "
                        + "not these numbers with the paper's.</p>\n"
                : "<p><b>Modelled hardware:</b> the multi-tile SoC is a calibrated analytic model (docs/moca.md).</p>\n");
        b.append("<h2>Provenance</h2>\n<table>");
        // written just before the manifest turns complete (ExperimentRunner.markComplete), so it shows the status about to be
        String status = manifest.path("status").asText();
        row(b, "status", ExperimentRunner.REPORTING.equals(status) ? "complete" : status);
        row(b, "points", manifest.path("points_done").asText() + " of " + manifest.path("points_total").asText());
        row(b, "setting", workload.setting().describe());
        if (workload.directory() != null) {
            row(b, "workload", spec.workload().source().name().toLowerCase(Locale.ROOT) + " " + spec.workload().sourceName() + ", "
                    + spec.workload().requests() + " requests per trace, " + workload.directory().modelCount() + " latency tables");
            row(b, "offered load 1 =", String.format(Locale.ROOT, "%.4g requests/s", workload.ratePerSecondAtFullLoad()));
        } else {
            row(b, "workloads", String.join(", ", spec.workload().workloads()));
        }
        row(b, "seeds", spec.sweep().seeds().toString());
        row(b, "git commit", manifest.path("git_commit").asText());
        row(b, "spec sha256", manifest.path("spec_sha256").asText());
        row(b, "started / finished", manifest.path("started").asText() + " / " + manifest.path("finished").asText());
        row(b, "wall time (all sessions)", String.format(Locale.ROOT, "%.1f s", manifest.path("wall_seconds_total").asDouble()));
        row(b, "reproduce", manifest.path("reproduce").asText());
        b.append("</table>\n<h2>Policies</h2>\n<table><tr><th>label</th><th>scheduler</th><th>parameters</th><th>origin</th></tr>\n");
        for (PolicySpec p : spec.policies()) {
            if (p.isOptimum()) {
                PolicySpec.Optimum o = p.optimum();
                b.append("<tr><td>").append(esc(p.label())).append("</td><td>offline optimum (docs/optimal.md)</td><td>")
                        .append(esc(String.format(Locale.ROOT, "objective %s, time limit %s s, %d moves per request, exact up to %d",
                                o.objective(), o.timeLimitSeconds(), o.movesPerRequest(), o.exactMaxRequests())))
                        .append("</td><td>").append(esc(p.label() + PolicySpec.FAMILY_BOUND_SUFFIX + ": priority-weighted misses no fixed order beats; "
                                + p.label() + PolicySpec.RELAXATION_BOUND_SUFFIX + ": misses and ANTT no schedule beats; "
                                + "their other columns are NaN")).append("</td></tr>\n");
                continue;
            }
            double[] v = p.parameters();
            StringBuilder params = new StringBuilder();
            for (int i = 0; i < v.length; i++) params.append(i > 0 ? ", " : "").append(p.space().get(i).name()).append('=').append(v[i]);
            b.append("<tr><td>").append(esc(p.label())).append("</td><td>").append(esc(p.schedulerName())).append("</td><td>")
                    .append(esc(params.toString())).append("</td><td>").append(esc(origin(p, manifest))).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Charts</h2>\n");
        for (Charts.Figure f : figures) {
            b.append("<figure><img src=\"").append(ExperimentStore.PLOTS).append('/').append(f.file()).append("\" alt=\"").append(esc(f.caption()))
                    .append("\"><figcaption>").append(esc(f.caption())).append("</figcaption></figure>\n");
        }
        for (PolicySpec p : spec.policies()) if (p.isOptimum()) gapTables(b, spec, summary, p.label());
        b.append("<h2>Tables (mean &plusmn; sample s.d. over seeds)</h2>\n");
        // the metrics this setting defines, in column order (the others are NaN in metrics.csv)
        List<Metric> defined = java.util.Arrays.stream(Metric.values()).filter(workload.setting().metrics()::contains).toList();
        for (Condition c : summary.conditions()) {
            b.append("<h3>").append(esc(c.label())).append("</h3>\n<table><tr><th>policy</th>");
            for (Metric m : defined) b.append("<th>").append(m.columnName()).append("</th>");
            b.append("</tr>\n");
            for (String policy : summary.policies()) {
                b.append("<tr><td>").append(esc(policy)).append("</td>");
                for (Metric m : defined) {
                    Stat s = summary.stat(c, policy, m);
                    b.append("<td>").append(String.format(Locale.ROOT, "%.4g &plusmn; %.2g", s.mean(), s.std())).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<p>Data: <a href=\"metrics.csv\">metrics.csv</a> (one row per point and policy), "
                + "<a href=\"manifest.json\">manifest.json</a> (spec, provenance, timings).</p>\n</body></html>\n");
        return b.toString();
    }

    /**
     * Per condition, each schedule's mean priority-weighted violation rate and ANTT minus the optimum's (same traces, so the
     * difference of means is the mean of per-trace gaps): 0 is as good as the optimum; an ANTT gap can be negative under the
     * lexicographic objective, which puts misses first.
     */
    private static void gapTables(StringBuilder b, ExperimentSpec spec, Summary summary, String optimum) {
        Metric[] metrics = {Metric.PRIORITY_WEIGHTED_VIOLATION_RATE, Metric.ANTT};
        b.append("<h2>Gap to the offline optimum (").append(esc(optimum)).append(")</h2>\n<p>Mean over seeds of each schedule's metric minus ")
                .append(esc(optimum)).append("'s on the same traces; the bound rows show how much lower any schedule could go.</p>\n");
        b.append("<table><tr><th>condition</th><th>policy</th>");
        for (Metric m : metrics) b.append("<th>").append(m.columnName()).append(" gap</th>");
        b.append("</tr>\n");
        for (Condition c : summary.conditions()) {
            for (String policy : spec.scheduleLabels()) {
                if (policy.equals(optimum)) continue;
                b.append("<tr><td>").append(esc(c.label())).append("</td><td>").append(esc(policy)).append("</td>");
                for (Metric m : metrics) {
                    double gap = summary.stat(c, policy, m).mean() - summary.stat(c, optimum, m).mean();
                    b.append("<td>").append(String.format(Locale.ROOT, "%.4g", gap)).append("</td>");
                }
                b.append("</tr>\n");
            }
        }
        b.append("</table>\n");
    }

    /** The spec's metrics per policy at each condition (the middle one only when there are more than four), for the terminal. */
    public static void printSummary(ExperimentSpec spec, List<ExperimentRow> rows, java.io.PrintWriter out) {
        Summary summary = new Summary(rows, spec.policyLabels());
        List<Condition> all = summary.conditions();
        List<Condition> shown = all.size() <= 4 ? all : List.of(all.get(all.size() / 2));
        int width = Math.max(12, spec.policyLabels().stream().mapToInt(String::length).max().orElse(0) + 2);
        for (Condition c : shown) {
            out.println(c.label() + (shown.size() < all.size() ? "  (middle of " + all.size() + " conditions; all in the report)" : ""));
            out.printf(Locale.ROOT, "  %-" + width + "s", "policy");
            for (Metric m : spec.metrics()) out.printf(Locale.ROOT, " %24s", m.columnName());
            out.println();
            for (String policy : summary.policies()) {
                out.printf(Locale.ROOT, "  %-" + width + "s", policy);
                for (Metric m : spec.metrics()) {
                    Stat s = summary.stat(c, policy, m);
                    out.printf(Locale.ROOT, " %24s", String.format(Locale.ROOT, "%.4g +- %.2g", s.mean(), s.std()));
                }
                out.println();
            }
        }
    }

    /** The origin, with the artefact an entry was resolved from (tuned best.json, trained predictor) and its hash. */
    private static String origin(PolicySpec p, JsonNode manifest) {
        JsonNode a = manifest.path("artefacts").path(p.label());
        if (a.isMissingNode()) return p.origin();
        return p.origin() + ": " + a.path("file").asText() + " (sha256 " + a.path("sha256").asText().substring(0, Math.min(12, a.path("sha256").asText().length()))
                + ", " + a.path("how").asText() + ")";
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append("<tr><th>").append(esc(key)).append("</th><td style=\"text-align:left\">").append(esc(value)).append("</td></tr>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
