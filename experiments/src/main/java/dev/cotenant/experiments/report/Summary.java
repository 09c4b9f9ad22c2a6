package dev.cotenant.experiments.report;

import dev.cotenant.search.tune.ValidationReport;
import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.metrics.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows aggregated over seeds: for every condition (a sweep point without its seed) and policy, the
 * mean and sample standard deviation of each metric. What the charts and the report's tables show;
 * notebooks/ recompute the same with pandas from metrics.csv.
 */
public final class Summary {
    /** A sweep point without its seed. */
    public record Condition(double offeredLoad, double arrivalRatePerSecond, double sloMultiplierMin, double sloMultiplierMax, String workload) {
        static Condition of(SweepPoint p) {
            return new Condition(p.offeredLoad(), p.arrivalRatePerSecond(), p.sloMultiplierMin(), p.sloMultiplierMax(), p.workload());
        }

        /** {@code "WORKLOAD, "} for a setting with several workloads (MoCA's sets), else empty: charts never mix workloads. */
        public String workloadPrefix() { return workload.isEmpty() ? "" : workload + ", "; }

        /** The load in words: with its rate when the setting has one. */
        public String loadLabel() {
            return workloadPrefix() + "load " + format(offeredLoad) + (Double.isNaN(arrivalRatePerSecond) ? "" : " (" + format(arrivalRatePerSecond) + "/s)");
        }

        /** The SLO multiplier ({@code 2}, {@code 1.5-10}); empty when there is none (periodic deadlines, a trace file's own targets). */
        public String sloLabel() {
            if (Double.isNaN(sloMultiplierMin)) return "";
            return sloMultiplierMin == sloMultiplierMax ? format(sloMultiplierMin) : format(sloMultiplierMin) + "-" + format(sloMultiplierMax);
        }

        /** {@code SLO x2}, or empty without a multiplier. */
        public String sloText() { return Double.isNaN(sloMultiplierMin) ? "" : "SLO x" + sloLabel(); }

        /** The load, and the SLO multiplier when there is one: a periodic scenario's condition is its name and load. */
        public String label() {
            return Double.isNaN(sloMultiplierMin) ? loadLabel() : loadLabel() + ", " + sloText();
        }
    }

    /** Mean and sample standard deviation (n - 1; 0 with one seed) over the seeds of a condition. */
    public record Stat(double mean, double std, int seeds) {}

    private final List<Condition> conditions = new ArrayList<>();
    private final List<String> policies;
    private final Map<Condition, Map<String, List<ExperimentRow>>> cells = new LinkedHashMap<>();

    public Summary(List<ExperimentRow> rows, List<String> policies) {
        this.policies = List.copyOf(policies);
        for (ExperimentRow r : rows) {
            Condition c = Condition.of(r.point());
            if (!cells.containsKey(c)) conditions.add(c);
            cells.computeIfAbsent(c, k -> new LinkedHashMap<>()).computeIfAbsent(r.policy(), k -> new ArrayList<>()).add(r);
        }
    }

    /** Conditions in sweep order. */
    public List<Condition> conditions() { return conditions; }

    public List<String> policies() { return policies; }

    public Stat stat(Condition c, String policy, Metric metric) {
        List<ExperimentRow> rows = cells.getOrDefault(c, Map.of()).getOrDefault(policy, List.of());
        int n = rows.size();
        if (n == 0) return new Stat(Double.NaN, Double.NaN, 0);
        double[] values = rows.stream().mapToDouble(r -> r.get(metric)).toArray();
        return new Stat(ValidationReport.mean(values), ValidationReport.std(values), n); // the project's one sample mean and deviation
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
