package dev.cotenant.experiments.compare;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.metrics.Metric;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each policy is from the offline optimum, and from the lower bounds no schedule can beat: a
 * report over the stored rows of an experiment with an {@code optimum} entry (the runner solved each
 * point's trace and measured the optimum's plan with the same kernel and metric code as the
 * policies). Per (load, SLO multiplier) cell the seeds' costs are averaged. A cost is the optimiser's
 * pair ({@link ScheduleObjective#cost}): priority-weighted missed deadlines and ANTT.
 *
 * <p>Under the lexicographic objective an ANTT gap to the optimum can be negative (a policy may
 * buy ANTT with missed deadlines), and the optimum searches fixed priority orders only, so a policy
 * outside that family can beat it; {@link Row#seedsBetterThanOptimal()} counts when one did. The
 * gaps to the bound are to the relaxation bound, valid for every schedule.
 */
public final class GapComparison {
    /** One (workload, load, SLO multiplier) condition. */
    public record Cell(String workload, double offeredLoad, double ratePerSecond, double sloMultiplier) {
        public String label() {
            // a periodic scenario's deadlines come from its frames: its cell is its name and load
            return workload + " load " + round(offeredLoad) + " (" + round(ratePerSecond) + "/s)" + (Double.isNaN(sloMultiplier) ? "" : " SLO " + round(sloMultiplier));
        }
    }

    /**
     * A policy's means over the seeds of a cell, and the optimum's and the bounds' on the same traces.
     *
     * @param familyBoundWeightedMissed  per busy period the proven optimum, else the relaxation bound: no fixed order does better
     * @param boundWeightedMissed        relaxation bound: no schedule at all does better
     * @param seedsBetterThanOptimal     traces on which the policy's cost beat the optimiser's answer under its objective
     * @param familyMissedProvenShare         share of the traces whose optimum's weighted misses meet the family bound (proven among fixed orders)
     * @param certifiedBoundWeightedMissed no schedule the kernel can run does better (exact preemptive
     *                                     bound and CP-SAT; the relaxation bound without certification)
     * @param missesProvenShare          share of the traces whose optimum's weighted misses meet the certified
     *                                   bound (proven optimal over every kernel schedule)
     */
    public record Row(Cell cell, String policy, String origin, int seeds, double violationRate, double optimalViolationRate,
                      double weightedMissed, double optimalWeightedMissed, double familyBoundWeightedMissed, double boundWeightedMissed,
                      double antt, double optimalAntt, double boundAntt,
                      int seedsBetterThanOptimal, double familyMissedProvenShare, double certifiedBoundWeightedMissed, double missesProvenShare) {
        public double missedGapToOptimal() { return weightedMissed - optimalWeightedMissed; }
        public double missedGapToCertified() { return weightedMissed - certifiedBoundWeightedMissed; }
        public double missedGapToBound() { return weightedMissed - boundWeightedMissed; }
        public double anttGapToOptimal() { return antt - optimalAntt; }
        public double anttGapToBound() { return antt - boundAntt; }
    }


    private GapComparison() {}

    /**
     * The gap rows of one workload's stored experiment, cells in point order and the policies in spec
     * order. {@code stored} must hold every row of every point (a complete run).
     *
     * @param workload the {@code scenario} column
     */
    public static List<Row> fromStored(String workload, ExperimentSpec spec, ExperimentWorkload built, List<ExperimentRow> stored) {
        // no optimum entry when the optimiser cannot run the traces (compare says why): its and the bounds' columns are NaN
        PolicySpec optimum = spec.policies().stream().filter(PolicySpec::isOptimum).findFirst().orElse(null);
        List<PolicySpec> policies = spec.policies().stream().filter(p -> !p.isOptimum()).toList();
        ScheduleObjective objective = optimum == null ? ScheduleObjective.LEXICOGRAPHIC : optimum.optimum().optimizerSettings().objective();
        String opt = optimum == null ? null : optimum.label();
        boolean certified = optimum != null && optimum.optimum().certify() != null;
        double[] nan = new double[Metric.values().length];
        java.util.Arrays.fill(nan, Double.NaN);
        Map<Integer, Map<String, ExperimentRow>> byPoint = new HashMap<>();
        for (ExperimentRow r : stored) byPoint.computeIfAbsent(r.point().index(), k -> new HashMap<>()).put(r.policy(), r);
        Map<List<Double>, List<SweepPoint>> cells = new LinkedHashMap<>(); // points are load-major, then SLO, then seed
        for (SweepPoint p : built.points()) cells.computeIfAbsent(List.of(p.offeredLoad(), p.sloMultiplierMin()), k -> new ArrayList<>()).add(p);

        int n = policies.size();
        List<Row> rows = new ArrayList<>();
        for (List<SweepPoint> seeds : cells.values()) {
            SweepPoint first = seeds.get(0);
            Cell cell = new Cell(workload, first.offeredLoad(), first.arrivalRatePerSecond(), first.sloMultiplierMin());
            double[][] sums = new double[n][3]; // violation rate, weighted misses, ANTT
            int[] better = new int[n];
            double optViolation = 0, optMissed = 0, optAntt = 0, familyMissed = 0, boundMissed = 0, boundAntt = 0, certifiedMissed = 0;
            int familyProven = 0, missesProven = 0;
            for (SweepPoint point : seeds) {
                Map<String, ExperimentRow> at = byPoint.get(point.index());
                if (at == null) throw new IllegalStateException(spec.name() + ": point " + point.index() + " has no stored rows");
                CompiledTrace trace = built.trace(point);
                double priorities = 0;
                for (int r = 0; r < trace.size(); r++) priorities += trace.priority(r);
                ExperimentRow none = new ExperimentRow(point, "", 0, nan);
                ExperimentRow o = opt == null ? none : row(at, opt);
                double oMissed = weightedMisses(o, priorities);
                // the first key is read only by an objective that has one
                Cost oCost = new Cost(oMissed, turnaroundSum(o, trace.size()), firstKey(objective, o));
                for (int i = 0; i < n; i++) {
                    ExperimentRow r = row(at, policies.get(i).label());
                    double missed = weightedMisses(r, priorities);
                    sums[i][0] += r.get(Metric.VIOLATION_RATE);
                    sums[i][1] += missed;
                    sums[i][2] += r.get(Metric.ANTT);
                    if (opt != null && objective.compare(new Cost(missed, turnaroundSum(r, trace.size()), firstKey(objective, r)), oCost) < 0) better[i]++;
                }
                optViolation += o.get(Metric.VIOLATION_RATE);
                optMissed += oMissed;
                optAntt += o.get(Metric.ANTT);
                double family = weightedMisses(opt == null ? none : row(at, opt + PolicySpec.FAMILY_BOUND_SUFFIX), priorities); // NaN under a weighted objective
                ExperimentRow relaxation = opt == null ? none : row(at, opt + PolicySpec.RELAXATION_BOUND_SUFFIX);
                double bound = weightedMisses(relaxation, priorities);
                // without certification the relaxation bound is the best bound on every kernel schedule there is
                double certifiedBound = certified ? weightedMisses(row(at, opt + PolicySpec.CERTIFIED_BOUND_SUFFIX), priorities) : bound;
                familyMissed += family;
                boundMissed += bound;
                boundAntt += relaxation.get(Metric.ANTT);
                certifiedMissed += certifiedBound;
                // a bound that meets the optimum's misses proves them
                if (meets(family, oMissed)) familyProven++;
                if (meets(certifiedBound, oMissed)) missesProven++;
            }
            double k = seeds.size();
            for (int i = 0; i < n; i++) {
                PolicySpec p = policies.get(i);
                rows.add(new Row(cell, p.label(), p.origin(), (int) k, sums[i][0] / k, optViolation / k, sums[i][1] / k, optMissed / k,
                        familyMissed / k, boundMissed / k, sums[i][2] / k, optAntt / k, boundAntt / k, better[i],
                        familyProven / k, certifiedMissed / k, missesProven / k));
            }
        }
        return rows;
    }

    /** The objective's turnaround sum of a stored row: {@code antt} is over the completed requests (all of them without drops). */
    private static double turnaroundSum(ExperimentRow r, int requests) {
        return r.get(Metric.ANTT) * Math.round(requests * (1 - r.get(Metric.DROP_RATE)));
    }

    /** The objective's first key of a stored row, as {@link ScheduleObjective#score} computes it. */
    private static double firstKey(ScheduleObjective objective, ExperimentRow r) {
        return switch (objective.first()) {
            case NONE -> 0;
            case WORST_MODEL_MISS_RATE -> r.get(Metric.WORST_MODEL_MISS_RATE);
            case XR_SCORE_SHORTFALL -> 100 - r.get(Metric.XR_SCORE);
        };
    }

    private static ExperimentRow row(Map<String, ExperimentRow> at, String label) {
        ExperimentRow r = at.get(label);
        if (r == null) throw new IllegalStateException("no stored row for '" + label + "'");
        return r;
    }

    /**
     * Priority-weighted missed deadlines from the stored rate ({@code misses / sum of priorities}): undoing
     * the division recovers the count up to one rounding, which the rounding to 1e-9 removes.
     */
    static double weightedMisses(ExperimentRow row, double priorities) {
        double v = row.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE) * priorities;
        return Double.isNaN(v) ? v : Math.rint(v * 1e9) / 1e9;
    }

    private static boolean meets(double bound, double value) { return Math.abs(bound - value) <= 1e-9 * Math.max(1, Math.abs(value)); }

    public static final String CSV_HEADER = "scenario,offered_load,rate_per_s,slo_mult,policy,origin,seeds,violation_rate,optimal_violation_rate,"
            + "weighted_missed_deadlines,optimal_weighted_missed_deadlines,family_bound_weighted_missed_deadlines,bound_weighted_missed_deadlines,"
            + "missed_gap_to_optimal,missed_gap_to_bound,antt,optimal_antt,bound_antt,antt_gap_to_optimal,antt_gap_to_bound,"
            + "seeds_better_than_optimal,optimal_family_missed_proven_share,certified_bound_weighted_missed_deadlines,missed_gap_to_certified,"
            + "optimal_missed_proven_share";

    /** One CSV line per row, under {@link #CSV_HEADER}. */
    public static List<String> csvLines(List<Row> rows) {
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(CSV_HEADER);
        for (Row r : rows) {
            Cell c = r.cell();
            lines.add(String.join(",", csvField(c.workload()), String.valueOf(c.offeredLoad()), String.valueOf(c.ratePerSecond()),
                    String.valueOf(c.sloMultiplier()), csvField(r.policy()), csvField(r.origin()), String.valueOf(r.seeds()),
                    String.valueOf(r.violationRate()), String.valueOf(r.optimalViolationRate()),
                    String.valueOf(r.weightedMissed()), String.valueOf(r.optimalWeightedMissed()), String.valueOf(r.familyBoundWeightedMissed()),
                    String.valueOf(r.boundWeightedMissed()), String.valueOf(r.missedGapToOptimal()), String.valueOf(r.missedGapToBound()),
                    String.valueOf(r.antt()), String.valueOf(r.optimalAntt()), String.valueOf(r.boundAntt()),
                    String.valueOf(r.anttGapToOptimal()), String.valueOf(r.anttGapToBound()),
                    String.valueOf(r.seedsBetterThanOptimal()), String.valueOf(r.familyMissedProvenShare()),
                    String.valueOf(r.certifiedBoundWeightedMissed()), String.valueOf(r.missedGapToCertified()), String.valueOf(r.missesProvenShare())));
        }
        return lines;
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break (a best.json path may). */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** A policy's gaps on one workload, averaged over its cells (loads x SLO multipliers), each cell a mean over seeds. */
    public record Summary(String workload, String policy, int cells, double weightedMissed, double antt,
                          double optimalWeightedMissed, double optimalAntt, double boundWeightedMissed, double boundAntt,
                          double missedGapToOptimal, double missedGapToBound, double anttGapToOptimal, double anttGapToBound,
                          int seedsBetterThanOptimal, double certifiedBoundWeightedMissed, double missedGapToCertified, double missesProvenShare) {}

    /** The headline: one line per (workload, policy), in row order. */
    public static List<Summary> summarize(List<Row> rows) {
        Map<List<String>, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) groups.computeIfAbsent(List.of(r.cell().workload(), r.policy()), k -> new ArrayList<>()).add(r);
        List<Summary> out = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<Row> g = e.getValue();
            out.add(new Summary(e.getKey().get(0), e.getKey().get(1), g.size(),
                    g.stream().mapToDouble(Row::weightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::antt).average().orElseThrow(),
                    g.stream().mapToDouble(Row::optimalWeightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::optimalAntt).average().orElseThrow(),
                    g.stream().mapToDouble(Row::boundWeightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::boundAntt).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missedGapToOptimal).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missedGapToBound).average().orElseThrow(),
                    g.stream().mapToDouble(Row::anttGapToOptimal).average().orElseThrow(),
                    g.stream().mapToDouble(Row::anttGapToBound).average().orElseThrow(),
                    g.stream().mapToInt(Row::seedsBetterThanOptimal).sum(),
                    g.stream().mapToDouble(Row::certifiedBoundWeightedMissed).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missedGapToCertified).average().orElseThrow(),
                    g.stream().mapToDouble(Row::missesProvenShare).average().orElseThrow()));
        }
        return out;
    }

    static String round(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
