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

    /** Draws {@code rows} (of {@code GapComparison.run}) into {@code file}. */
    public static void write(List<Row> rows, Path file) throws IOException {
        Map<String, List<Row>> byWorkload = new LinkedHashMap<>();
        for (Row r : rows) byWorkload.computeIfAbsent(r.cell().workload(), k -> new ArrayList<>()).add(r);
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, byWorkload.size() * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int y = 0;
        for (var e : byWorkload.entrySet()) {
            g.drawImage(panel(e.getKey(), e.getValue(), "weighted missed deadlines above the optimum", Row::missedGapToOptimal), 0, y, null);
            g.drawImage(panel(e.getKey(), e.getValue(), "ANTT above the optimum", Row::anttGapToOptimal), PANEL_WIDTH, y, null);
            y += PANEL_HEIGHT;
        }
        g.dispose();
        if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
    }

    private static BufferedImage panel(String workload, List<Row> rows, String quantity, ToDoubleFunction<Row> gap) {
        List<String> policies = new ArrayList<>();
        Map<Cell, Map<String, Double>> byCell = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!policies.contains(r.policy())) policies.add(r.policy());
            byCell.computeIfAbsent(r.cell(), k -> new LinkedHashMap<>()).put(r.policy(), gap.applyAsDouble(r));
        }
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title(workload + ": " + quantity).xAxisTitle("policy").yAxisTitle("gap to optimum (mean over seeds)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        for (var e : byCell.entrySet()) {
            Cell c = e.getKey();
            List<Double> ys = policies.stream().map(p -> e.getValue().getOrDefault(p, Double.NaN)).toList();
            chart.addSeries("load " + fmt(c.offeredLoad()) + " (" + fmt(c.ratePerSecond()) + "/s), SLO " + fmt(c.sloMultiplier()), policies, ys);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
