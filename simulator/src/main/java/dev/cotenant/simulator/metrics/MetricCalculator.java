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
    private int[] tenantMisses = new int[0];
    private int[] tenantDrops = new int[0];
    private double[] tenantScoreSum = new double[0];

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
            tenantMisses = new int[tenants];
            tenantDrops = new int[tenants];
            tenantScoreSum = new double[tenants];
        }
        Arrays.fill(tenantProgressOverPriority, 0, tenants, 0);
        Arrays.fill(tenantRequests, 0, tenants, 0);
        Arrays.fill(tenantMisses, 0, tenants, 0);
        Arrays.fill(tenantDrops, 0, tenants, 0);
        Arrays.fill(tenantScoreSum, 0, tenants, 0);
        int completed = 0;
        int drops = 0;
        int violations = 0;
        double sumNtt = 0;
        double sumProgress = 0;
        double sumPriority = 0;
        double sumLatePriority = 0;
        double lastFinish = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            double finish = outcome.finishSeconds(r);
            double priority = trace.priority(r);
            int tenant = trace.trace().modelId(r);
            sumPriority += priority;
            tenantRequests[tenant]++;
            if (outcome.dropped(r)) {
                // A dropped request is a miss that made no progress; it has no turnaround.
                violations++;
                sumLatePriority += priority;
                tenantMisses[tenant]++;
                tenantDrops[tenant]++;
                drops++;
                continue;
            }
            if (isLate(finish, trace.deadlineSeconds(r))) {
                violations++;
                sumLatePriority += priority;
                tenantMisses[tenant]++;
            }
            tenantScoreSum[tenant] += xrFrameScore(finish - trace.deadlineSeconds(r));
            double turnaround = finish - trace.arrivalSeconds(r);
            double isolated = trace.realIsolatedSeconds(r);
            ntt[completed] = normalizedTurnaround(trace.arrivalSeconds(r), finish, isolated);
            sumNtt += ntt[completed];
            completed++;
            sumProgress += isolated / turnaround;
            tenantProgressOverPriority[tenant] += isolated / turnaround / priority;
            if (finish > lastFinish) lastFinish = finish;
        }
        Arrays.sort(ntt, 0, completed);
        double span = lastFinish - trace.arrivalSeconds(0);
        double violationRate = (double) violations / n;
        out[offset + Metric.VIOLATION_RATE.ordinal()] = violationRate;
        // Turnaround metrics are over the completed requests; with none (all dropped) they are undefined: NaN.
        out[offset + Metric.ANTT.ordinal()] = completed > 0 ? antt(sumNtt, completed) : Double.NaN;
        out[offset + Metric.THROUGHPUT_INF_PER_S.ordinal()] = completed == 0 ? 0 : span > 0 ? completed / span : Double.POSITIVE_INFINITY;
        out[offset + Metric.SLA_SATISFACTION.ordinal()] = 1 - violationRate;
        out[offset + Metric.STP.ordinal()] = sumProgress / n;
        out[offset + Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = priorityWeightedViolationRate(sumLatePriority, sumPriority);
        out[offset + Metric.P50_NORMALIZED_TURNAROUND.ordinal()] = completed > 0 ? percentile(ntt, completed, 0.50) : Double.NaN;
        out[offset + Metric.P99_NORMALIZED_TURNAROUND.ordinal()] = completed > 0 ? percentile(ntt, completed, 0.99) : Double.NaN;
        out[offset + Metric.FAIRNESS.ordinal()] = TenantFairness.of(tenantProgressOverPriority, tenantRequests, tenants);
        double worst = 0;
        double scoreSum = 0;
        int models = 0;
        for (int m = 0; m < tenants; m++) {
            if (tenantRequests[m] == 0) continue;
            models++;
            worst = Math.max(worst, (double) tenantMisses[m] / tenantRequests[m]);
            scoreSum += xrModelScore(tenantScoreSum[m], tenantRequests[m] - tenantDrops[m], tenantRequests[m]);
        }
        out[offset + Metric.WORST_MODEL_MISS_RATE.ordinal()] = worst;
        out[offset + Metric.DROP_RATE.ordinal()] = (double) drops / n;
        out[offset + Metric.XR_SCORE.ordinal()] = 100 * scoreSum / models;
    }

    /**
     * XRBench's real-time score of one completed request, {@code 1 / (1 + exp(15 * delay_ms))}:
     * about 1 well before the deadline, 0.5 at it, about 0 a fraction of a millisecond after.
     *
     * @param delaySeconds {@code finish - deadline}
     */
    public static double xrFrameScore(double delaySeconds) {
        return 1 / (1 + Math.exp(15 * delaySeconds * 1e3));
    }

    /** A model's XRBench score: the mean frame score of its completed requests times the share not dropped. */
    public static double xrModelScore(double frameScoreSum, int completedRequests, int requests) {
        if (completedRequests == 0) return 0;
        return frameScoreSum / completedRequests * ((double) completedRequests / requests);
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
