package dev.cotenant.experiments.report;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.simulator.metrics.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report over stored rows of a {@code setting: moca} experiment: one policy's ratio to every
 * other per trace (a point: workload, load, QoS scale, seed), their mean and maximum over the
 * traces, beside the MoCA paper's headline ratios. Computed from metrics.csv alone, so it can be
 * redrawn from a result folder (notebooks/05_moca.ipynb computes the same with pandas).
 */
public final class MocaRatios {
    /** The ratio columns and the metric each reads: MoCA's formulas, corrected and as its script computes them. */
    static final Map<String, Metric> METRICS = new LinkedHashMap<>();
    static {
        METRICS.put("sla", Metric.SLA_SATISFACTION);
        METRICS.put("stp_corrected", Metric.MOCA_STP);
        METRICS.put("stp_as_written", Metric.MOCA_STP_AS_WRITTEN);
        METRICS.put("fairness_corrected", Metric.FAIRNESS);
        METRICS.put("fairness_as_written", Metric.MOCA_FAIRNESS_AS_WRITTEN);
    }

    private MocaRatios() {}

    /**
     * {@code subject}'s mean and max ratio to each other policy over the traces, {@code [mean, max]} per
     * baseline and ratio column. A ratio over a zero baseline is infinite when the subject is positive and
     * is left out of the mean (it would make it infinite); the max keeps it.
     */
    public static Map<String, Map<String, double[]>> ratios(List<ExperimentRow> rows, String subject) {
        Map<Integer, Map<String, ExperimentRow>> byPoint = new LinkedHashMap<>();
        List<String> baselines = new ArrayList<>();
        for (ExperimentRow r : rows) {
            byPoint.computeIfAbsent(r.point().index(), k -> new LinkedHashMap<>()).put(r.policy(), r);
            if (!r.policy().equals(subject) && !baselines.contains(r.policy())) baselines.add(r.policy());
        }
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (String baseline : baselines) {
            for (Map.Entry<String, Metric> metric : METRICS.entrySet()) {
                double sum = 0, max = Double.NEGATIVE_INFINITY;
                int finite = 0;
                for (Map<String, ExperimentRow> point : byPoint.values()) {
                    ExperimentRow s = point.get(subject), b = point.get(baseline);
                    if (s == null || b == null) continue;
                    double ratio = s.get(metric.getValue()) / b.get(metric.getValue());
                    if (Double.isNaN(ratio)) continue;
                    max = Math.max(max, ratio);
                    if (Double.isFinite(ratio)) {
                        sum += ratio;
                        finite++;
                    }
                }
                out.computeIfAbsent(baseline, k -> new LinkedHashMap<>()).put(metric.getKey(),
                        new double[] {finite == 0 ? Double.NaN : sum / finite, max == Double.NEGATIVE_INFINITY ? Double.NaN : max});
            }
        }
        return out;
    }

    /** The ratios as a terminal table beside the paper's headline. */
    public static String table(List<ExperimentRow> rows, String subject) {
        // the paper's headline: MoCA over its baselines, average and maximum (HPCA 2023 abstract)
        StringBuilder b = new StringBuilder(subject + " / baseline over the traces: mean (max); paper: SLA 1.8x (3.9x), STP 1.7x (2.3x), fairness 1.2x (1.3x)\n");
        b.append(String.format(Locale.ROOT, "%-20s", "baseline"));
        for (String m : METRICS.keySet()) b.append(String.format(Locale.ROOT, " %20s", m));
        b.append('\n');
        for (Map.Entry<String, Map<String, double[]>> e : ratios(rows, subject).entrySet()) {
            b.append(String.format(Locale.ROOT, "%-20s", e.getKey()));
            for (String m : METRICS.keySet()) {
                double[] v = e.getValue().get(m);
                b.append(String.format(Locale.ROOT, " %11.2fx (%5.2fx)", v[0], v[1]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
