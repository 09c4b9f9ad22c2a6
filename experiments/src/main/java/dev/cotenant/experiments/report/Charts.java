package dev.cotenant.experiments.report;

import dev.cotenant.experiments.report.Summary.Condition;
import dev.cotenant.experiments.report.Summary.Stat;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.metrics.Metric;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The seed papers' figure types as PNGs (XChart, headless): a metric against the arrival rate or
 * the SLO multiplier (Sparse-DySta Figs. 14, 15), the violation-rate / ANTT plane (Fig. 12), and
 * per-policy bars with one standard deviation over seeds (Fig. 13). Means are over seeds; error
 * bars are sample standard deviations.
 */
final class Charts {
    static {
        // Before any AWT class initialises a toolkit: charts are drawn off-screen, also on machines with a display.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 540;

    /** A chart written to the plots folder, with the caption the report shows under it. */
    record Figure(String file, String caption) {}

    private Charts() {}

    static List<Figure> draw(ExperimentSpec spec, Summary summary, Path plots) throws IOException {
        List<Figure> figures = new ArrayList<>();
        ExperimentSpec.SweepSpec sweep = spec.sweep();
        boolean rateAxis = sweep.loadAxis() == ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S;
        for (Metric metric : spec.metrics()) {
            if (sweep.loads().size() > 1) {
                String axis = rateAxis ? "arrival rate (requests/s)" : "offered load";
                figures.addAll(versus(summary, metric, axis, rateAxis ? Condition::arrivalRatePerSecond : Condition::offeredLoad,
                        Condition::sloLabel, "SLO x", plots, metric.columnName() + "_vs_" + (rateAxis ? "arrival_rate" : "offered_load")));
            }
            if (sweep.sloMultipliers().size() > 1) {
                figures.addAll(versus(summary, metric, "SLO multiplier", Condition::sloMultiplierMin,
                        c -> Summary.format(rateAxis ? c.arrivalRatePerSecond() : c.offeredLoad()), rateAxis ? "rate " : "load ",
                        plots, metric.columnName() + "_vs_slo_multiplier"));
            }
        }
        if (spec.metrics().contains(Metric.VIOLATION_RATE) && spec.metrics().contains(Metric.ANTT)) {
            figures.add(tradeoff(summary, plots));
        }
        for (Metric metric : spec.metrics()) figures.add(bars(summary, metric, plots));
        return figures;
    }

    /** One line per policy of {@code metric} against {@code x}; one chart per value of the other axis. */
    private static List<Figure> versus(Summary summary, Metric metric, String xTitle, ToDoubleFunction<Condition> x,
                                       Function<Condition, String> other, String otherPrefix, Path plots, String stem) throws IOException {
        Map<String, List<Condition>> groups = new LinkedHashMap<>();
        for (Condition c : summary.conditions()) groups.computeIfAbsent(other.apply(c), k -> new ArrayList<>()).add(c);
        List<Figure> figures = new ArrayList<>();
        int g = 0;
        for (var group : groups.entrySet()) {
            String suffix = groups.size() == 1 ? "" : "_" + (++g);
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(metric.columnName() + " vs " + xTitle + (groups.size() == 1 ? "" : " (" + otherPrefix + group.getKey() + ")"))
                    .xAxisTitle(xTitle).yAxisTitle(metric.columnName() + " (mean over seeds, bars: 1 s.d.)").build();
            style(chart.getStyler());
            for (String policy : summary.policies()) {
                List<Condition> cs = group.getValue();
                double[] xs = new double[cs.size()];
                double[] ys = new double[cs.size()];
                double[] err = new double[cs.size()];
                for (int i = 0; i < cs.size(); i++) {
                    Stat s = summary.stat(cs.get(i), policy, metric);
                    xs[i] = x.applyAsDouble(cs.get(i));
                    ys[i] = s.mean();
                    err[i] = s.std();
                }
                chart.addSeries(policy, xs, ys, err);
            }
            String file = stem + suffix + ".png";
            save(chart, plots.resolve(file));
            figures.add(new Figure(file, metric.columnName() + " against " + xTitle
                    + (groups.size() == 1 ? "" : ", " + otherPrefix + group.getKey()) + "; one line per policy."));
        }
        return figures;
    }

    /** The violation-rate / ANTT plane: one marker per policy and condition; lower-left is better on both. */
    private static Figure tradeoff(Summary summary, Path plots) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Violation rate vs ANTT")
                .xAxisTitle("ANTT (mean normalised turnaround)").yAxisTitle("violation rate").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (String policy : summary.policies()) {
            List<Condition> cs = summary.conditions();
            double[] xs = new double[cs.size()];
            double[] ys = new double[cs.size()];
            for (int i = 0; i < cs.size(); i++) {
                xs[i] = summary.stat(cs.get(i), policy, Metric.ANTT).mean();
                ys[i] = summary.stat(cs.get(i), policy, Metric.VIOLATION_RATE).mean();
                min = Math.min(min, xs[i]);
                max = Math.max(max, xs[i]);
            }
            chart.addSeries(policy, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        // FCFS under load can be two orders of magnitude slower than the rest: a log axis keeps the others apart.
        if (min > 0 && max / min > 20) chart.getStyler().setXAxisLogarithmic(true);
        save(chart, plots.resolve("tradeoff_violation_antt.png"));
        return new Figure("tradeoff_violation_antt.png", "Violation rate against ANTT, one marker per policy and sweep condition "
                + "(mean over seeds); lower-left is better on both.");
    }

    /** Bars per policy, one series per condition (at most the first, middle and last when there are many). */
    private static Figure bars(Summary summary, Metric metric, Path plots) throws IOException {
        List<Condition> all = summary.conditions();
        List<Condition> shown = all.size() <= 4 ? all : List.of(all.get(0), all.get(all.size() / 2), all.get(all.size() - 1));
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(metric.columnName() + " per policy")
                .xAxisTitle("policy").yAxisTitle(metric.columnName() + " (mean, bars: 1 s.d. over seeds)").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(30);
        for (Condition c : shown) {
            List<Double> ys = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String policy : summary.policies()) {
                Stat s = summary.stat(c, policy, metric);
                ys.add(s.mean());
                err.add(s.std());
            }
            chart.addSeries(c.label(), summary.policies(), ys, err);
        }
        String file = "bars_" + metric.columnName() + ".png";
        save(chart, plots.resolve(file));
        return new Figure(file, metric.columnName() + " per policy, mean over seeds with one standard deviation"
                + (shown.size() < all.size() ? " (first, middle and last of " + all.size() + " conditions)" : "") + ".");
    }

    /** Matplotlib's tab10 (the notebooks' default), so a policy has the same colour in both; XChart's default repeats yellows. */
    private static final java.awt.Color[] PALETTE = java.util.stream.IntStream.of(0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
            0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf).mapToObj(java.awt.Color::new).toArray(java.awt.Color[]::new);

    static void style(Styler styler) {
        styler.setSeriesColors(PALETTE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setAntiAlias(true);
    }

    static void save(Chart<?, ?> chart, Path file) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        dev.cotenant.simulator.csv.AtomicFiles.writeBytes(file, png);
    }
}
