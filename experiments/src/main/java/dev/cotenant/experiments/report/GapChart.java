package dev.cotenant.experiments.report;

import dev.cotenant.experiments.compare.GapComparison.Cell;
import dev.cotenant.experiments.compare.GapComparison.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The gap table of {@code cotenant compare} as one PNG: a row of panels per workload, the left
 * panel the mean priority-weighted missed deadlines above the offline optimum, the right the mean
 * ANTT above it; bars per policy, one series per (load, SLO multiplier) cell, means over seeds.
 */
public final class GapChart {
    static {
        // Before any AWT class initialises a toolkit: charts are drawn off-screen, also on machines with a display.
        System.setProperty("java.awt.headless", "true");
    }

    private static final int PANEL_WIDTH = 900;
    private static final int PANEL_HEIGHT = 460;

    private GapChart() {}

    /** Draws {@code rows} (of {@code GapComparison.fromStored}) into {@code file}. */
    public static void write(List<Row> rows, Path file) throws IOException {
        Map<String, List<Row>> byWorkload = new LinkedHashMap<>();
        List<String> policies = new ArrayList<>();
        for (Row r : rows) {
            byWorkload.computeIfAbsent(r.cell().workload(), k -> new ArrayList<>()).add(r);
            if (!policies.contains(r.policy())) policies.add(r.policy());
        }
        Map<String, String> shortLabels = FigureText.shortLabels(policies);
        String footnote = FigureText.footnote(shortLabels);
        int footHeight = footnote.isEmpty() ? 0 : FOOTNOTE_HEIGHT;
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, byWorkload.size() * PANEL_HEIGHT + footHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int y = 0;
        for (var e : byWorkload.entrySet()) {
            g.drawImage(panel(e.getKey(), e.getValue(), shortLabels, "weighted missed deadlines above the optimum", "weighted misses per trace",
                    Row::missedGapToOptimal), 0, y, null);
            g.drawImage(panel(e.getKey(), e.getValue(), shortLabels, "ANTT above the optimum", "ANTT gap (x isolated latency)", Row::anttGapToOptimal),
                    PANEL_WIDTH, y, null);
            y += PANEL_HEIGHT;
        }
        if (!footnote.isEmpty()) {
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
            g.drawString("Policies: " + footnote, 20, y + 22);
        }
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
    }

    private static final int FOOTNOTE_HEIGHT = 34;
    /** A policy whose largest gap exceeds this many times the typical policy's is drawn off scale and named with its value. */
    static final double OUTLIER_FACTOR = 5;

    private static BufferedImage panel(String workload, List<Row> rows, Map<String, String> shortLabels, String quantity, String yTitle,
                                       ToDoubleFunction<Row> gap) {
        List<String> policies = new ArrayList<>();
        Map<Cell, Map<String, Double>> byCell = new LinkedHashMap<>();
        Map<String, Double> largest = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!policies.contains(r.policy())) policies.add(r.policy());
            double v = gap.applyAsDouble(r);
            byCell.computeIfAbsent(r.cell(), k -> new LinkedHashMap<>()).put(r.policy(), v);
            if (!Double.isNaN(v)) largest.merge(r.policy(), v, Math::max);
        }
        double cap = offScaleCap(largest);
        List<String> offScale = new ArrayList<>();
        for (var e : largest.entrySet()) {
            if (e.getValue() > cap) offScale.add(shortLabels.get(e.getKey()) + " " + Summary.format(e.getValue()));
        }
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(workload + ": " + quantity + " (mean over seeds)")
                .xAxisTitle(offScale.isEmpty() ? "policy" : "policy; off scale (largest gap): " + String.join(", ", offScale))
                .yAxisTitle(yTitle).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        // Below the plot, so the bars get the panel's whole width.
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        if (!offScale.isEmpty()) chart.getStyler().setYAxisMax(cap);
        List<String> labels = policies.stream().map(p -> shortLabels.get(p) + (largest.getOrDefault(p, 0.0) > cap ? " ^" : "")).toList();
        for (var e : byCell.entrySet()) {
            Cell c = e.getKey();
            List<Double> ys = policies.stream().map(p -> e.getValue().getOrDefault(p, Double.NaN)).toList();
            String slo = Double.isNaN(c.sloMultiplier()) ? "" : ", SLO x" + Summary.format(c.sloMultiplier()); // none for a periodic scenario
            chart.addSeries("load " + Summary.format(c.offeredLoad()) + slo, labels, ys); // rates: gaps.csv
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * The y-axis top when some policies are far worse than the rest, else infinity: {@link #OUTLIER_FACTOR} times the
     * median of the policies' largest positive gaps, so fcfs 100x worse does not flatten the gaps between the good ones.
     */
    static double offScaleCap(Map<String, Double> largestGapByPolicy) {
        double[] positive = largestGapByPolicy.values().stream().mapToDouble(Double::doubleValue).filter(v -> v > 0).sorted().toArray();
        if (positive.length < 3) return Double.POSITIVE_INFINITY;
        double median = positive[positive.length / 2];
        double cap = OUTLIER_FACTOR * median;
        return positive[positive.length - 1] > cap ? cap : Double.POSITIVE_INFINITY;
    }
}
