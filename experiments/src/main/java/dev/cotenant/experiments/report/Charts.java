package dev.cotenant.experiments.report;

import dev.cotenant.experiments.report.Summary.Condition;
import dev.cotenant.experiments.report.Summary.Stat;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.metrics.Metric;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
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
        Map<String, String> shortLabels = FigureText.shortLabels(summary.policies());
        for (Metric metric : spec.metrics()) {
            if (sweep.loads().size() > 1) {
                String axis = rateAxis ? "arrival rate (requests/s)" : "offered load (fraction of capacity)";
                figures.addAll(versus(summary, shortLabels, metric, axis, rateAxis ? Condition::arrivalRatePerSecond : Condition::offeredLoad,
                        Condition::sloText, "", plots, metric.columnName() + "_vs_" + (rateAxis ? "arrival_rate" : "offered_load")));
            }
            if (sweep.sloMultipliers().size() > 1) {
                figures.addAll(versus(summary, shortLabels, metric, "SLO multiplier (x isolated latency)", Condition::sloMultiplierMin,
                        c -> Summary.format(rateAxis ? c.arrivalRatePerSecond() : c.offeredLoad()) + (rateAxis ? "/s" : ""),
                        rateAxis ? "rate " : "load ", plots, metric.columnName() + "_vs_slo_multiplier"));
            }
        }
        if (spec.metrics().contains(Metric.VIOLATION_RATE) && spec.metrics().contains(Metric.ANTT)) {
            figures.add(tradeoff(summary, shortLabels, plots));
        }
        for (Metric metric : spec.metrics()) figures.addAll(bars(summary, shortLabels, metric, plots));
        return figures;
    }

    /** One line per policy of {@code metric} against {@code x}; one chart per value of the other axis (small multiples). */
    private static List<Figure> versus(Summary summary, Map<String, String> shortLabels, Metric metric, String xTitle, ToDoubleFunction<Condition> x,
                                       Function<Condition, String> other, String otherPrefix, Path plots, String stem) throws IOException {
        Map<String, List<Condition>> groups = new LinkedHashMap<>();
        for (Condition c : summary.conditions()) groups.computeIfAbsent(c.workloadPrefix() + other.apply(c), k -> new ArrayList<>()).add(c);
        List<Figure> figures = new ArrayList<>();
        int g = 0;
        String xName = xTitle.substring(0, xTitle.indexOf(" ("));
        for (var group : groups.entrySet()) {
            String suffix = groups.size() == 1 ? "" : "_" + (++g);
            String at = groupText(otherPrefix + group.getKey(), "", "");
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(FigureText.name(metric) + " vs " + xName + groupText(at, " (", ")"))
                    .xAxisTitle(xTitle).yAxisTitle(FigureText.axisTitle(metric)).build();
            style(chart.getStyler());
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (String policy : summary.policies()) {
                List<Condition> cs = group.getValue();
                double[] xs = new double[cs.size()];
                double[] ys = new double[cs.size()];
                double[] err = new double[cs.size()];
                for (int i = 0; i < cs.size(); i++) {
                    Stat s = summary.stat(cs.get(i), policy, metric);
                    xs[i] = x.applyAsDouble(cs.get(i));
                    ys[i] = s.mean();
                    err[i] = FigureText.clippedError(metric, s.mean(), s.std());
                    low = Math.min(low, s.mean() - s.std());
                    high = Math.max(high, s.mean() + s.std());
                }
                chart.addSeries(shortLabels.get(policy), xs, ys, err);
            }
            clipToRange(chart.getStyler(), metric, low, high);
            if (FigureText.wantsLogAxis(metric, high)) chart.getStyler().setYAxisLogarithmic(true);
            String file = stem + suffix + ".png";
            save(chart, plots.resolve(file));
            figures.add(new Figure(file, FigureText.name(metric) + " against " + xName + groupText(at, ", ", "")
                    + "; one line per policy, mean over seeds, bars 1 s.d. (cut at the metric's bounds). " + definitions(shortLabels, metric)));
        }
        return figures;
    }

    /**
     * Error bars are symmetric in XChart; an axis that starts (or ends) at the metric's bound stops a bar
     * there instead of showing impossible values (a violation rate below 0).
     */
    static void clipToRange(org.knowm.xchart.style.AxesChartStyler styler, Metric metric, double low, double high) {
        double[] range = FigureText.range(metric);
        if (low < range[0]) styler.setYAxisMin(range[0]);
        if (high > range[1]) styler.setYAxisMax(range[1]);
    }

    /** The caption's tail: the metric definitions and the full names of shortened policy labels. */
    private static String definitions(Map<String, String> shortLabels, Metric... metrics) {
        StringBuilder b = new StringBuilder();
        for (Metric m : metrics) b.append(Character.toUpperCase(FigureText.definition(m).charAt(0))).append(FigureText.definition(m).substring(1)).append(". ");
        String note = FigureText.footnote(shortLabels);
        if (!note.isEmpty()) b.append(note).append('.');
        return b.toString().trim();
    }

    /** XChart's markers, one per condition on the trade-off plane; conditions beyond them reuse the shapes in order. */
    private static final org.knowm.xchart.style.markers.Marker[] CONDITION_MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.TRAPEZOID,
            SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE};

    /**
     * The violation-rate / ANTT plane: colour is the policy, marker shape the condition; lower-left is better on both.
     * XChart gives one marker per series, so each (policy, condition) is a series out of the legend, and the legend gets
     * one entry per policy (its colour) and one per condition (its shape, grey), each drawn first under a real marker
     * of the same shape and size so it never shows on the plot.
     */
    private static Figure tradeoff(Summary summary, Map<String, String> shortLabels, Path plots) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Violation rate vs ANTT (colour: policy, shape: condition)")
                .xAxisTitle(FigureText.axisTitle(Metric.ANTT)).yAxisTitle(FigureText.axisTitle(Metric.VIOLATION_RATE)).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        List<Condition> cs = summary.conditions();
        List<String> policies = summary.policies();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double[][] xs = new double[policies.size()][cs.size()];
        double[][] ys = new double[policies.size()][cs.size()];
        for (int p = 0; p < policies.size(); p++) {
            for (int i = 0; i < cs.size(); i++) {
                xs[p][i] = summary.stat(cs.get(i), policies.get(p), Metric.ANTT).mean();
                ys[p][i] = summary.stat(cs.get(i), policies.get(p), Metric.VIOLATION_RATE).mean();
                min = Math.min(min, xs[p][i]);
                max = Math.max(max, xs[p][i]);
            }
        }
        java.awt.Color grey = new java.awt.Color(0x555555);
        for (int p = 0; p < policies.size(); p++) {
            XYSeries legend = chart.addSeries(shortLabels.get(policies.get(p)), new double[] {xs[p][0]}, new double[] {ys[p][0]});
            legend.setMarker(CONDITION_MARKERS[0]).setMarkerColor(PALETTE[p % PALETTE.length]);
        }
        for (int i = 0; i < cs.size(); i++) {
            XYSeries legend = chart.addSeries(cs.get(i).label(), new double[] {xs[0][i]}, new double[] {ys[0][i]});
            legend.setMarker(CONDITION_MARKERS[i % CONDITION_MARKERS.length]).setMarkerColor(grey);
        }
        for (int p = 0; p < policies.size(); p++) {
            for (int i = 0; i < cs.size(); i++) {
                XYSeries s = chart.addSeries(policies.get(p) + " @ " + cs.get(i).label(), new double[] {xs[p][i]}, new double[] {ys[p][i]});
                s.setMarker(CONDITION_MARKERS[i % CONDITION_MARKERS.length]).setMarkerColor(PALETTE[p % PALETTE.length]).setShowInLegend(false);
            }
        }
        // FCFS under load can be two orders of magnitude slower than the rest: a log axis keeps the others apart.
        if (min > 0 && max / min > 20) {
            chart.getStyler().setXAxisLogarithmic(true);
            // Every mantissa is labelled (2, 3, ... 9): upright, 80 90 100 would run together.
            chart.getStyler().setXAxisLabelRotation(90);
        }
        chart.getStyler().setYAxisMin(0.0);
        save(chart, plots.resolve("tradeoff_violation_antt.png"));
        return new Figure("tradeoff_violation_antt.png", "Violation rate against ANTT, one marker per policy (colour) and sweep condition "
                + "(shape), mean over seeds; lower-left is better on both. " + definitions(shortLabels, Metric.VIOLATION_RATE, Metric.ANTT));
    }

    /**
     * Bars per policy, one series per condition; one chart per SLO multiplier when there are several (small multiples),
     * so every condition is shown and no chart mixes SLO multipliers.
     */
    private static List<Figure> bars(Summary summary, Map<String, String> shortLabels, Metric metric, Path plots) throws IOException {
        Map<String, List<Condition>> bySlo = new LinkedHashMap<>();
        for (Condition c : summary.conditions()) bySlo.computeIfAbsent(c.workloadPrefix() + c.sloText(), k -> new ArrayList<>()).add(c);
        List<String> labels = summary.policies().stream().map(shortLabels::get).toList();
        List<Figure> figures = new ArrayList<>();
        for (var group : bySlo.entrySet()) {
            CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(FigureText.name(metric) + " per policy" + groupText(group.getKey(), " (", ")"))
                    .xAxisTitle("policy").yAxisTitle(FigureText.axisTitle(metric)).build();
            style(chart.getStyler());
            chart.getStyler().setXAxisLabelRotation(30);
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (Condition c : group.getValue()) {
                List<Double> ys = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (String policy : summary.policies()) {
                    Stat s = summary.stat(c, policy, metric);
                    ys.add(s.mean());
                    err.add(FigureText.clippedError(metric, s.mean(), s.std()));
                    low = Math.min(low, s.mean() - s.std());
                    high = Math.max(high, s.mean() + s.std());
                }
                chart.addSeries(c.loadLabel(), labels, ys, err);
            }
            clipToRange(chart.getStyler(), metric, low, high);
            String file = "bars_" + metric.columnName() + (bySlo.size() == 1 ? "" : "_" + group.getKey().replaceAll("[^0-9A-Za-z.]", "_")) + ".png";
            save(chart, plots.resolve(file));
            figures.add(new Figure(file, FigureText.name(metric) + " per policy" + groupText(group.getKey(), " at ", "") + ", one bar per load, mean over seeds "
                    + "with one standard deviation (cut at the metric's bounds). " + definitions(shortLabels, metric)));
        }
        return figures;
    }

    /** A small-multiple group's name in a title ({@code WORKLOAD, SLO x2}), or nothing when there is one unnamed group. */
    private static String groupText(String key, String before, String after) {
        String k = key.endsWith(", ") ? key.substring(0, key.length() - 2) : key;
        return k.isEmpty() ? "" : before + k + after;
    }

    /** Matplotlib's tab10 (the notebooks' default), so a policy has the same colour in both; XChart's default repeats yellows. */
    private static final java.awt.Color[] PALETTE = java.util.stream.IntStream.of(0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
            0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf).mapToObj(java.awt.Color::new).toArray(java.awt.Color[]::new);

    static void style(Styler styler) {
        styler.setSeriesColors(PALETTE);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setXAxisDecimalPattern(FigureText.DECIMAL_PATTERN);
            axes.setYAxisDecimalPattern(FigureText.DECIMAL_PATTERN);
            // Label 2, 3, ... 9 between decades too: a log axis labelled only at 10 and 100 cannot be read.
            axes.setXAxisLogarithmicDecadeOnly(false);
            axes.setYAxisLogarithmicDecadeOnly(false);
        }
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setAntiAlias(true);
    }

    /** Writes {@code file} (a PNG) and, beside it, the same chart as SVG for papers (XChart's own encoder). */
    static void save(Chart<?, ?> chart, Path file) throws IOException {
        savePng(chart, file);
        java.io.ByteArrayOutputStream svg = new java.io.ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        dev.cotenant.simulator.csv.AtomicFiles.writeBytes(svgBeside(file), svg.toByteArray());
    }

    /** PNG only: for commands whose output folder lists every file it may hold (tune), which name no SVG yet. */
    static void savePng(Chart<?, ?> chart, Path file) throws IOException {
        dev.cotenant.simulator.csv.AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    static Path svgBeside(Path png) {
        String name = png.getFileName().toString();
        return png.resolveSibling((name.endsWith(".png") ? name.substring(0, name.length() - 4) : name) + ".svg");
    }
}
