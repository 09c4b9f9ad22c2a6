package dev.cotenant.experiments.report;

import dev.cotenant.simulator.metrics.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words on a figure: each metric's axis title with its unit, its one-line definition for the
 * caption, its range (error bars stop there), and short labels for long policy names so a tuned
 * {@code dysta(beta=0.0013608340626976945)} reads {@code dysta*} with the full name in a footnote.
 */
final class FigureText {
    /** Tick labels with a leading zero (0.08, not .08) and no trailing zeros. */
    static final String DECIMAL_PATTERN = "0.###";
    /** Longer labels than this are shortened: beyond it a rotated tick label eats the plot. */
    static final int MAX_LABEL_CHARS = 14;

    private FigureText() {}

    /** Axis title: the quantity in words and its unit. */
    static String axisTitle(Metric metric) {
        return switch (metric) {
            case VIOLATION_RATE -> "violation rate (fraction of requests)";
            case ANTT -> "ANTT (x isolated latency)";
            case THROUGHPUT_INF_PER_S -> "throughput (inferences/s)";
            case SLA_SATISFACTION -> "SLA satisfaction (fraction of requests)";
            case STP -> "STP (fraction of isolated speed)";
            case PRIORITY_WEIGHTED_VIOLATION_RATE -> "priority-weighted violation rate (fraction)";
            case P50_NORMALIZED_TURNAROUND -> "median normalised turnaround (x isolated latency)";
            case P99_NORMALIZED_TURNAROUND -> "p99 normalised turnaround (x isolated latency)";
            case FAIRNESS -> "fairness (0-1)";
            case MOCA_STP -> "MoCA STP (sum over model types)";
            case MOCA_STP_AS_WRITTEN -> "MoCA STP as written (sum over model types)";
            case MOCA_FAIRNESS_AS_WRITTEN -> "MoCA fairness as written (0-1)";
            case SLA_SATISFACTION_PRIORITY_9_11 -> "SLA satisfaction, priorities 9-11 (fraction)";
            case WORST_MODEL_MISS_RATE -> "worst model's miss rate (fraction of its requests)";
            case DROP_RATE -> "drop rate (fraction of requests)";
            case XR_SCORE -> "XRBench real-time score (0-100)";
        };
    }

    /** The short name for titles. */
    static String name(Metric metric) {
        return switch (metric) {
            case VIOLATION_RATE -> "Violation rate";
            case ANTT -> "ANTT";
            case THROUGHPUT_INF_PER_S -> "Throughput";
            case SLA_SATISFACTION -> "SLA satisfaction";
            case STP -> "STP";
            case PRIORITY_WEIGHTED_VIOLATION_RATE -> "Priority-weighted violation rate";
            case P50_NORMALIZED_TURNAROUND -> "Median normalised turnaround";
            case P99_NORMALIZED_TURNAROUND -> "p99 normalised turnaround";
            case FAIRNESS -> "Fairness";
            case MOCA_STP -> "MoCA STP";
            case MOCA_STP_AS_WRITTEN -> "MoCA STP (as written)";
            case MOCA_FAIRNESS_AS_WRITTEN -> "MoCA fairness (as written)";
            case SLA_SATISFACTION_PRIORITY_9_11 -> "SLA satisfaction, priority 9-11";
            case WORST_MODEL_MISS_RATE -> "Worst-model miss rate";
            case DROP_RATE -> "Drop rate";
            case XR_SCORE -> "XR score";
        };
    }

    /** One line a reader needs to interpret the metric (what the simulator computes, see {@link Metric}). */
    static String definition(Metric metric) {
        return switch (metric) {
            case VIOLATION_RATE -> "violation rate = share of requests finishing after their deadline (lower is better)";
            case ANTT -> "ANTT = average normalised turnaround, mean of (finish - arrival) / isolated latency; 1 is no slowdown (lower is better)";
            case THROUGHPUT_INF_PER_S -> "throughput = requests / (last finish - first arrival); equal across policies that keep the accelerator busy and finish every request";
            case SLA_SATISFACTION -> "SLA satisfaction = share of requests meeting their deadline, 1 - violation rate (higher is better)";
            case STP -> "STP = system throughput, mean of isolated latency / (finish - arrival); 1 is no slowdown (higher is better)";
            case PRIORITY_WEIGHTED_VIOLATION_RATE -> "priority-weighted violation rate = sum(priority x late) / sum(priority) (lower is better)";
            case P50_NORMALIZED_TURNAROUND -> "median of (finish - arrival) / isolated latency (lower is better)";
            case P99_NORMALIZED_TURNAROUND -> "99th percentile of (finish - arrival) / isolated latency (lower is better)";
            case FAIRNESS -> "fairness = MoCA's fairness over tenants, in (0, 1] (higher is better)";
            case MOCA_STP -> "MoCA STP = sum over model types of single-program time / the type's mean latency (higher is better)";
            case MOCA_STP_AS_WRITTEN -> "MoCA STP as its script computes it: each type's mean latency divided into the next type's time (higher is better)";
            case MOCA_FAIRNESS_AS_WRITTEN -> "MoCA fairness as its script computes it (the same index shift), in (0, 1] (higher is better)";
            case SLA_SATISFACTION_PRIORITY_9_11 -> "share of the requests of MoCA priority levels 9-11 meeting their target (higher is better)";
            case WORST_MODEL_MISS_RATE -> "worst-model miss rate = largest share, over models, of a model's requests late or dropped (lower is better)";
            case DROP_RATE -> "drop rate = share of requests dropped by the kernel's drop rule (lower is better)";
            case XR_SCORE -> "XR score = 100 x mean over models of (mean 1/(1+exp(15 x lateness in ms)) over completed frames x (1 - drop rate)); energy term 1 (higher is better)";
        };
    }

    /** The metric's possible values {lowest, highest}: error bars (mean +- 1 s.d.) are clipped to it. */
    static double[] range(Metric metric) {
        return switch (metric) {
            case VIOLATION_RATE, SLA_SATISFACTION, STP, PRIORITY_WEIGHTED_VIOLATION_RATE, FAIRNESS, MOCA_FAIRNESS_AS_WRITTEN,
                 SLA_SATISFACTION_PRIORITY_9_11, WORST_MODEL_MISS_RATE, DROP_RATE -> new double[] {0, 1};
            case MOCA_STP, MOCA_STP_AS_WRITTEN -> new double[] {0, Double.POSITIVE_INFINITY};
            case XR_SCORE -> new double[] {0, 100};
            case ANTT, P50_NORMALIZED_TURNAROUND, P99_NORMALIZED_TURNAROUND -> new double[] {1, Double.POSITIVE_INFINITY};
            case THROUGHPUT_INF_PER_S -> new double[] {0, Double.POSITIVE_INFINITY};
        };
    }

    /**
     * Whether {@code metric}'s values up to {@code high} read better on a log axis: FCFS's ANTT can be 100x the
     * others', and on a linear axis the good policies then sit on one line. Only for metrics bounded away from 0.
     */
    static boolean wantsLogAxis(Metric metric, double high) {
        double low = range(metric)[0];
        return low > 0 && high / low > 20;
    }

    /**
     * A short, unique label per policy, in the order given: labels up to {@link #MAX_LABEL_CHARS} characters
     * without parameters stay; others become their name before the parameters plus {@code *} ({@code dysta*}),
     * numbered when two would clash ({@code dysta*2}).
     */
    static Map<String, String> shortLabels(List<String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>();
        for (String label : labels) {
            if (out.containsKey(label)) continue;
            String s = label;
            if (label.length() > MAX_LABEL_CHARS || label.contains("(") || label.contains(":")) {
                // parameters follow '(' in a tuned label, ':' in an overridden one (dysta:beta=0.00136)
                int paren = label.contains("(") ? label.indexOf('(') : label.indexOf(':');
                String base = paren > 0 ? label.substring(0, paren) : label;
                if (base.length() > MAX_LABEL_CHARS - 2) base = base.substring(0, MAX_LABEL_CHARS - 2);
                s = base + "*";
                for (int n = 2; taken.contains(s) || labels.contains(s); n++) s = base + "*" + n;
            }
            taken.add(s);
            out.put(label, s);
        }
        return out;
    }

    private static final Pattern LONG_NUMBER = Pattern.compile("-?\\d+\\.\\d{4,}(?:[eE]-?\\d+)?");

    /** {@code "dysta* = dysta(beta=0.00136)"} for each shortened label, "; "-separated; empty when none was shortened. */
    static String footnote(Map<String, String> shortLabels) {
        List<String> parts = new ArrayList<>();
        for (var e : shortLabels.entrySet()) {
            if (e.getKey().equals(e.getValue())) continue;
            Matcher m = LONG_NUMBER.matcher(e.getKey());
            StringBuilder full = new StringBuilder();
            while (m.find()) m.appendReplacement(full, String.format(Locale.ROOT, "%.3g", Double.parseDouble(m.group())).replaceAll("\\.?0+(e|$)", "$1"));
            m.appendTail(full);
            parts.add(e.getValue() + " = " + full);
        }
        return String.join("; ", parts);
    }

    /**
     * The error bar drawn for {@code mean +- std}: XChart draws symmetric bars, so a bar that would leave the metric's
     * range (a violation rate below 0) is shortened to end at the bound; the caption says so.
     */
    static double clippedError(Metric metric, double mean, double std) {
        double[] range = range(metric);
        return Math.max(0, Math.min(std, Math.min(mean - range[0], range[1] - mean)));
    }
}
