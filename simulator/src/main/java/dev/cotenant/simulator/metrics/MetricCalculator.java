package dev.cotenant.simulator.metrics;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;

import java.util.Arrays;

/**
 * Computes every {@link Metric} of a run into a row of a {@code double[]}: the one place the
 * metrics' formulas live. One calculator per thread; it reuses its scratch, so after the first
 * run of a given length it allocates nothing.
 */
public final class MetricCalculator {
    public static final int METRIC_COUNT = Metric.values().length;

    private double[] normalizedTurnaround = new double[0];
    private double[] tenantProgressOverPriority = new double[0];
    private int[] tenantRequests = new int[0];

    /** Writes the metrics of {@code outcome} at {@code out[offset + metric.ordinal()]}. */
    public void compute(CompiledTrace trace, Outcome outcome, double[] out, int offset) {
        int n = trace.size();
        // metrics this calculator does not define (another setting's) stay NaN, whoever allocated out
        Arrays.fill(out, offset, offset + METRIC_COUNT, Double.NaN);
        if (n == 0) return;
        if (normalizedTurnaround.length < n) normalizedTurnaround = new double[n];
        double[] ntt = normalizedTurnaround;
        int tenants = trace.workload().directory().modelCount();
        if (tenantRequests.length < tenants) {
            tenantProgressOverPriority = new double[tenants];
            tenantRequests = new int[tenants];
        }
        Arrays.fill(tenantProgressOverPriority, 0, tenants, 0);
        Arrays.fill(tenantRequests, 0, tenants, 0);
        int violations = 0;
        double sumNtt = 0;
        double sumProgress = 0;
        double sumPriority = 0;
        double sumLatePriority = 0;
        double lastFinish = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            double finish = outcome.finishSeconds(r);
            double priority = trace.priority(r);
            sumPriority += priority;
            if (isLate(finish, trace.deadlineSeconds(r))) {
                violations++;
                sumLatePriority += priority;
            }
            double turnaround = finish - trace.arrivalSeconds(r);
            double isolated = trace.realIsolatedSeconds(r);
            ntt[r] = normalizedTurnaround(trace.arrivalSeconds(r), finish, isolated);
            sumNtt += ntt[r];
            sumProgress += isolated / turnaround;
            int tenant = trace.trace().modelId(r);
            tenantProgressOverPriority[tenant] += isolated / turnaround / priority;
            tenantRequests[tenant]++;
            if (finish > lastFinish) lastFinish = finish;
        }
        Arrays.sort(ntt, 0, n);
        double span = lastFinish - trace.arrivalSeconds(0);
        double violationRate = (double) violations / n;
        out[offset + Metric.VIOLATION_RATE.ordinal()] = violationRate;
        out[offset + Metric.ANTT.ordinal()] = antt(sumNtt, n);
        out[offset + Metric.THROUGHPUT_INF_PER_S.ordinal()] = span > 0 ? n / span : Double.POSITIVE_INFINITY;
        out[offset + Metric.SLA_SATISFACTION.ordinal()] = 1 - violationRate;
        out[offset + Metric.STP.ordinal()] = sumProgress / n;
        out[offset + Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = priorityWeightedViolationRate(sumLatePriority, sumPriority);
        out[offset + Metric.P50_NORMALIZED_TURNAROUND.ordinal()] = percentile(ntt, n, 0.50);
        out[offset + Metric.P99_NORMALIZED_TURNAROUND.ordinal()] = percentile(ntt, n, 0.99);
        out[offset + Metric.FAIRNESS.ordinal()] = TenantFairness.of(tenantProgressOverPriority, tenantRequests, tenants);
    }

    /**
     * Whether a request finishing at {@code finishSeconds} misses {@code deadlineSeconds}: strictly
     * after it. Finishing exactly at the deadline meets it. The one lateness rule of
     * {@link Metric#VIOLATION_RATE}, {@link Metric#SLA_SATISFACTION} and
     * {@link Metric#PRIORITY_WEIGHTED_VIOLATION_RATE}.
     */
    public static boolean isLate(double finishSeconds, double deadlineSeconds) {
        return finishSeconds > deadlineSeconds;
    }

    /** A request's normalised turnaround {@code (finish - arrival) / isolated}, the term of {@link Metric#ANTT}. */
    public static double normalizedTurnaround(double arrivalSeconds, double finishSeconds, double isolatedSeconds) {
        return (finishSeconds - arrivalSeconds) / isolatedSeconds;
    }

    /**
     * {@link Metric#PRIORITY_WEIGHTED_VIOLATION_RATE} from its sums: the priorities of the late
     * requests over the priorities of all.
     */
    public static double priorityWeightedViolationRate(double latePrioritySum, double prioritySum) {
        return latePrioritySum / prioritySum;
    }

    /** {@link Metric#ANTT} from its sum: the normalised turnarounds' sum over the request count. */
    public static double antt(double normalizedTurnaroundSum, int requests) {
        return normalizedTurnaroundSum / requests;
    }

    /** Linear interpolation between the order statistics of {@code sorted[0, n)}. */
    static double percentile(double[] sorted, int n, double q) {
        double position = q * (n - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, n - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
