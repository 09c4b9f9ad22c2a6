package dev.cotenant.experiments.results;

import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.ModelMetrics;
import dev.cotenant.simulator.metrics.RequestRows;
import dev.cotenant.simulator.metrics.RunMetrics;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** The CSV files and console table of a simulate run; the column names are the CLI's contract. */
public final class RunTables {
    public static final String METRICS_HEADER_START = "scheduler,requests,violation_rate,antt,throughput_inf_per_s";
    public static final String REQUESTS_HEADER = RequestRows.HEADER;
    public static final String MODELS_HEADER = "scheduler," + ModelMetrics.CSV_HEADER;

    private RunTables() {}

    /** One labelled run: a policy, or an explicit schedule such as the offline optimum ({@code optimal}). */
    public record Row(String label, Outcome outcome, RunMetrics metrics) {}

    /**
     * {@code metrics.csv}: one row per policy, every {@link Metric} (so the header starts
     * {@value #METRICS_HEADER_START}), then a violation-rate column for every priority in the trace.
     */
    public static void writeMetricsRows(List<Row> runs, Path file) throws IOException {
        for (Row run : runs) checkFinite(run);
        TreeSet<Double> priorities = new TreeSet<>();
        for (Row run : runs) for (double p : run.metrics().priorities()) priorities.add(p);
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("scheduler,requests");
            for (Metric metric : TimeMultiplexedSetting.METRICS) out.write("," + metric.columnName());
            for (double p : priorities) out.write(",violation_rate_priority_" + formatPriority(p));
            out.write('\n');
            for (Row run : runs) {
                RunMetrics m = run.metrics();
                out.write(run.label() + "," + m.requests());
                for (Metric metric : TimeMultiplexedSetting.METRICS) out.write("," + m.get(metric));
                for (double p : priorities) out.write("," + m.violationRateOfPriority(p));
                out.write('\n');
            }
        }
    }

    /**
     * The last guard of numeric sanity: the inputs are checked where they are read, and a metric that is
     * still NaN or infinite fails the run with one line rather than being written as a number.
     */
    static void checkFinite(Row run) {
        boolean noneCompleted = run.outcome().droppedCount() == run.outcome().size();
        for (Metric metric : TimeMultiplexedSetting.METRICS) {
            double v = run.metrics().get(metric);
            // A run that dropped every request has no turnaround: those columns are written as NaN.
            if (noneCompleted && Double.isNaN(v) && (metric == Metric.ANTT || metric == Metric.P50_NORMALIZED_TURNAROUND
                    || metric == Metric.P99_NORMALIZED_TURNAROUND)) continue;
            if (!Double.isFinite(v)) {
                throw new dev.cotenant.simulator.BadInputException("scheduler " + run.label() + ": " + metric.columnName() + " is " + v
                        + " on this input, which leaves it undefined; nothing was written");
            }
        }
    }

    /**
     * {@code models.csv}: one row per policy and model of the trace: its requests, miss rate (late or
     * dropped), drop rate, p50/p99 latency of its completed requests and its XRBench score in [0, 1].
     */
    public static void writeModelRows(List<Row> runs, CompiledTrace trace, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(MODELS_HEADER + '\n');
            for (Row run : runs) {
                for (ModelMetrics m : ModelMetrics.of(trace, run.outcome())) out.write(run.label() + "," + m.csvRow() + '\n');
            }
        }
    }

    /** {@code requests.csv}: one row per policy and request ({@link RequestRows}). */
    public static void writeRequestsRows(List<Row> runs, CompiledTrace trace, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(REQUESTS_HEADER + '\n');
            for (Row run : runs) RequestRows.append(out, run.label(), trace, run.outcome());
        }
    }

    /** A fixed-width table of the headline metrics, for the terminal. */
    public static void printRows(List<Row> runs, java.io.PrintWriter out) {
        int width = Math.max(12, runs.stream().mapToInt(r -> r.label().length()).max().orElse(0) + 2);
        // The real-time columns only when a run dropped requests, so the published table is unchanged otherwise.
        boolean realtime = runs.stream().anyMatch(r -> r.outcome().droppedCount() > 0);
        out.printf(java.util.Locale.ROOT, "%-" + width + "s %9s %14s %9s %12s %9s %9s%s%n", "scheduler", "requests", "violation_rate", "antt",
                "throughput/s", "p50_ntt", "p99_ntt", realtime ? String.format(java.util.Locale.ROOT, " %11s %9s %8s", "worst_model", "drop_rate", "xr_score") : "");
        for (Row run : runs) {
            RunMetrics m = run.metrics();
            out.printf(java.util.Locale.ROOT, "%-" + width + "s %9d %14.4f %9.3f %12.3f %9.3f %9.3f%s%n", run.label(), m.requests(),
                    m.violationRate(), m.antt(), m.throughputInfPerSecond(), m.p50NormalizedTurnaround(), m.p99NormalizedTurnaround(),
                    realtime ? String.format(java.util.Locale.ROOT, " %11.4f %9.4f %8.2f", m.get(Metric.WORST_MODEL_MISS_RATE),
                            m.get(Metric.DROP_RATE), m.get(Metric.XR_SCORE)) : "");
        }
    }

    private static String formatPriority(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
