package dev.cotenant.experiments.report;

import dev.cotenant.search.tune.HistoryRow;
import dev.cotenant.search.tune.Objective;
import dev.cotenant.search.tune.TuningResult;
import dev.cotenant.search.tune.ValidationReport;
import dev.cotenant.simulator.metrics.Metric;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A tuning run's PNGs: {@code convergence.png} (best so far and population mean of the first
 * objective dimension per generation) and, for a Pareto objective, {@code front.png} (the front's
 * training and held-out means in the first two metrics, with the published vector and the baselines
 * on held-out traces).
 */
public final class TuningCharts {
    public static final String CONVERGENCE = "convergence.png";
    public static final String FRONT = "front.png";

    private TuningCharts() {}

    public static void write(Path out, TuningResult result) throws IOException {
        Objective objective = result.settings().objective();
        List<HistoryRow> history = result.search().history();
        String name = objective instanceof Objective.Pareto p ? FigureText.axisTitle(p.metrics().get(0)) : objective.label();
        XYChart convergence = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(result.settings().policyName() + ": convergence on training traces")
                .xAxisTitle("generation").yAxisTitle(name).build();
        Charts.style(convergence.getStyler());
        double[] generations = history.stream().mapToDouble(HistoryRow::generation).toArray();
        convergence.addSeries("best so far", generations, history.stream().mapToDouble(r -> r.best()[0]).toArray());
        convergence.addSeries("population mean", generations, history.stream().mapToDouble(r -> r.mean()[0]).toArray());
        Charts.savePng(convergence, out.resolve(CONVERGENCE));
        if (objective instanceof Objective.Pareto p) front(out, result, p.metrics().get(0), p.metrics().get(1));
    }

    private static void front(Path out, TuningResult result, Metric x, Metric y) throws IOException {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(result.settings().policyName() + ": Pareto front").xAxisTitle(FigureText.axisTitle(x)).yAxisTitle(FigureText.axisTitle(y)).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        List<ValidationReport.Entry> entries = result.validationReport().entries();
        List<ValidationReport.Entry> front = entries.stream().filter(e -> e.role() == ValidationReport.Role.FRONT).toList();
        for (boolean validation : new boolean[] {false, true}) {
            chart.addSeries("front, " + (validation ? "held-out" : "training"),
                    front.stream().mapToDouble(e -> e.means(validation)[x.ordinal()]).toArray(),
                    front.stream().mapToDouble(e -> e.means(validation)[y.ordinal()]).toArray());
        }
        for (ValidationReport.Entry e : entries) {
            if (e.role() == ValidationReport.Role.FRONT) continue;
            double[] m = e.means(true);
            chart.addSeries(e.label() + ", held-out", new double[] {m[x.ordinal()]}, new double[] {m[y.ordinal()]})
                    .setMarker(e.role() == ValidationReport.Role.DEFAULT ? SeriesMarkers.DIAMOND : SeriesMarkers.CROSS);
        }
        Charts.savePng(chart, out.resolve(FRONT));
    }
}
