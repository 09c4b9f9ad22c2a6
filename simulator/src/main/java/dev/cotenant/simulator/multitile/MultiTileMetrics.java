package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.TenantFairness;

import java.util.Arrays;

/**
 * The metrics of one multi-tile run, in MoCA's terms, computed in one place for every policy.
 * With {@code NP_r = isolated_r / (finish_r - arrival_r)} a request's normalised progress
 * (isolated: alone on all tiles with the whole bus, {@link MultiTileTrace#isolatedSeconds}):
 *
 * @param slaSatisfactionRate        share of requests with {@code finish <= deadline}
 * @param stp                        system throughput, {@code sum_r NP_r} (MoCA's and PREMA's STP)
 * @param stpPerSecond               {@code stp / (last finish - first arrival)}: the same per unit of simulated time,
 *                                   comparable across traces of different lengths
 * @param fairness                   MoCA's fairness over <i>tenants</i> (applications: the models of the set, each a
 *                                   stream of requests): {@code min over pairs (i, j) of PP_i / PP_j}, with a tenant's
 *                                   priority-normalised progress {@code PP_i} the mean over its requests of
 *                                   {@code NP_r / (p_r / sum p)}; the normaliser cancels in the ratio, so it is
 *                                   {@code min_i PP_i / max_i PP_i} with {@code PP_i = mean_r NP_r / p_r}, in (0, 1].
 *                                   Per tenant, not per request: MoCA compares co-located applications, and a min/max
 *                                   over hundreds of requests is one outlier request (near 0 for every policy);
 *                                   {@link TenantFairness}, shared with the time-multiplexed setting
 * @param antt                       mean of {@code 1 / NP_r} (turnaround over isolated latency), for comparison with the
 *                                   time-multiplexed setting
 * @param makespanSeconds            last finish - first arrival
 * @param priorities                 distinct priorities, ascending
 * @param slaSatisfactionByPriority  SLA satisfaction rate among requests of each priority
 * @param meanProgressByPriority     mean {@code NP_r} among requests of each priority
 */
public record MultiTileMetrics(int requests, double slaSatisfactionRate, double stp, double stpPerSecond, double fairness,
                               double antt, double makespanSeconds, double[] priorities,
                               double[] slaSatisfactionByPriority, double[] meanProgressByPriority) {

    public static MultiTileMetrics of(MultiTileTrace trace, MultiTileOutcome outcome) {
        int n = trace.size();
        if (n == 0) return new MultiTileMetrics(0, 1, 0, 0, 1, 0, 0, new double[0], new double[0], new double[0]);
        double[] priorities = Arrays.stream(trace.priority, 0, n).sorted().distinct().toArray();
        int[] countByPriority = new int[priorities.length];
        int[] metByPriority = new int[priorities.length];
        double[] progressByPriority = new double[priorities.length];
        int met = 0;
        double stp = 0;
        double sumTurnaround = 0;
        int tenants = trace.workload().modelCount();
        double[] progressPerPriorityByTenant = new double[tenants];
        int[] requestsByTenant = new int[tenants];
        double lastFinish = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            double finish = outcome.finishSeconds(r);
            double progress = trace.isolatedSeconds(r) / (finish - trace.arrivalSeconds(r));
            boolean meets = meetsDeadline(finish, trace.deadlineSeconds(r));
            int k = Arrays.binarySearch(priorities, trace.priority(r));
            countByPriority[k]++;
            progressByPriority[k] += progress;
            if (meets) {
                met++;
                metByPriority[k]++;
            }
            stp += progress;
            sumTurnaround += 1 / progress;
            progressPerPriorityByTenant[trace.model(r)] += progress / trace.priority(r);
            requestsByTenant[trace.model(r)]++;
            lastFinish = Math.max(lastFinish, finish);
        }
        double[] slaByPriority = new double[priorities.length];
        for (int k = 0; k < priorities.length; k++) {
            slaByPriority[k] = (double) metByPriority[k] / countByPriority[k];
            progressByPriority[k] /= countByPriority[k];
        }
        double makespan = lastFinish - trace.arrivalSeconds(0);
        return new MultiTileMetrics(n, (double) met / n, stp, makespan > 0 ? stp / makespan : Double.POSITIVE_INFINITY,
                TenantFairness.of(progressPerPriorityByTenant, requestsByTenant, tenants), sumTurnaround / n, makespan, priorities, slaByPriority, progressByPriority);
    }

    /**
     * Whether a request finishing at {@code finishSeconds} meets {@code deadlineSeconds}: at or
     * before it (the SLA rule of {@link #slaSatisfactionRate}). For every non-NaN finish it is the
     * complement of the time-multiplexed setting's
     * {@link dev.cotenant.simulator.metrics.MetricCalculator#isLate}.
     */
    public static boolean meetsDeadline(double finishSeconds, double deadlineSeconds) {
        return finishSeconds <= deadlineSeconds;
    }

    /** SLA satisfaction among requests of {@code priority}; NaN if there are none. */
    public double slaSatisfactionOfPriority(double priority) {
        int k = Arrays.binarySearch(priorities, priority);
        return k >= 0 ? slaSatisfactionByPriority[k] : Double.NaN;
    }

    /** Mean normalised progress {@code NP_r} among requests of {@code priority}; NaN if there are none. */
    public double meanProgressOfPriority(double priority) {
        int k = Arrays.binarySearch(priorities, priority);
        return k >= 0 ? meanProgressByPriority[k] : Double.NaN;
    }

    /** The metrics of {@link Metric} this setting defines; the others are NaN from {@link #value}. */
    public static final java.util.Set<Metric> DEFINED = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
            Metric.VIOLATION_RATE, Metric.SLA_SATISFACTION, Metric.ANTT, Metric.STP, Metric.THROUGHPUT_INF_PER_S, Metric.FAIRNESS));

    /**
     * This run as a {@link Metric}, in that metric's definition, so the tuner and the experiment
     * runner read both settings alike. {@link Metric#STP} is per request ({@code stp / requests}, the
     * mean {@code NP_r}), as in the time-multiplexed setting; on one trace it orders policies exactly
     * as MoCA's sum does. Metrics this setting does not compute are NaN.
     */
    public double value(Metric metric) {
        return switch (metric) {
            case VIOLATION_RATE -> 1 - slaSatisfactionRate;
            case SLA_SATISFACTION -> slaSatisfactionRate;
            case ANTT -> antt;
            case STP -> requests == 0 ? Double.NaN : stp / requests;
            case THROUGHPUT_INF_PER_S -> makespanSeconds > 0 ? requests / makespanSeconds : Double.POSITIVE_INFINITY;
            case FAIRNESS -> fairness;
            default -> Double.NaN;
        };
    }
}
