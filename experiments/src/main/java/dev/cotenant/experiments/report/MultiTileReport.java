package dev.cotenant.experiments.report;

import dev.cotenant.experiments.spec.MultiTileExperimentSpec;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.multitile.MocaExperiment;
import dev.cotenant.simulator.multitile.MocaExperiment.Row;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A multi-tile experiment's report: per metric, bars per policy with one series per (set, QoS) cell
 * and error bars of one standard deviation over seeds ({@code plots/bars_METRIC.png}), and
 * {@code report.html} with {@link MocaExperiment#markdown} and {@link MocaExperiment#paperComparison}
 * (the subject's ratios beside MoCA's headline ratios).
 */
public final class MultiTileReport {
    private MultiTileReport() {}

    public static Path write(MultiTileExperimentSpec spec, List<Row> rows, Path folder) throws IOException {
        Path plots = folder.resolve(ExperimentReport.PLOTS);
        Files.createDirectories(plots);
        List<String> files = new ArrayList<>();
        for (Metric m : spec.metrics()) files.add(bars(rows, m, plots));
        List<MocaExperiment.Ratio> ratios = MocaExperiment.ratios(rows, spec.subject());
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(spec.title())).append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
                        + "pre{background:#f4f4f4;padding:.5em;overflow-x:auto}img{max-width:100%}</style></head><body>\n")
                .append("<h1>").append(esc(spec.title())).append("</h1>\n<p><b>Corresponds to:</b> ").append(esc(spec.paper())).append("</p>\n<p>")
                .append(esc(spec.description())).append("</p>\n<p>Provenance and configuration: <code>run.json</code>; rows: <code>metrics.csv</code>; "
                        + "ratios: <code>ratios.csv</code>.</p>\n<h2>")
                .append(esc(spec.subject())).append(" against each baseline, beside the paper</h2>\n<pre>")
                .append(esc(MocaExperiment.paperComparison(ratios))).append("</pre>\n<h2>Charts</h2>\n");
        for (String f : files) b.append("<p><img src=\"plots/").append(f).append("\" alt=\"").append(f).append("\"></p>\n");
        b.append("<h2>Means over seeds, and ratios</h2>\n<pre>").append(esc(MocaExperiment.markdown(rows, ratios))).append("</pre>\n</body></html>\n");
        Path report = folder.resolve(ExperimentReport.HTML);
        String html = b.toString();
        AtomicFiles.write(report, out -> out.write(html));
        return report;
    }

    /** One bar per policy and cell: the mean over seeds, with one sample standard deviation as its error bar. */
    private static String bars(List<Row> rows, Metric metric, Path plots) throws IOException {
        List<String> policies = rows.stream().map(Row::policy).distinct().toList();
        List<String> cells = rows.stream().map(r -> r.workloadSet() + "/" + r.qos()).distinct().toList();
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(metric.columnName() + " per policy")
                .xAxisTitle("policy").yAxisTitle(metric.columnName() + " (mean, bars: 1 s.d. over seeds)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(30);
        for (String cell : cells) {
            List<Double> ys = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String p : policies) {
                double[] v = rows.stream().filter(r -> r.policy().equals(p) && (r.workloadSet() + "/" + r.qos()).equals(cell))
                        .mapToDouble(r -> r.metrics().value(metric)).toArray();
                double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
                double ss = 0;
                for (double x : v) ss += (x - mean) * (x - mean);
                ys.add(mean);
                err.add(v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0);
            }
            chart.addSeries(cell, policies, ys, err);
        }
        String file = "bars_" + metric.columnName() + ".png";
        Charts.save(chart, plots.resolve(file));
        return file;
    }

    private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }
}
