package dev.cotenant.simulator.moca;

/**
 * MoCA's metrics (its result script), computed from a trace and the latencies the runtime logged.
 * <ul>
 *   <li><b>SLA</b>: the fraction of all requests with target {@code T > L} (strict); per-priority
 *       groups over levels 0-2, 3-8, 9-11 (NaN for an empty group).</li>
 *   <li><b>STP</b> per application type: {@code NP_t = S_t / mean L over type t} with S the
 *       single-program times ({@link MocaNetwork#appSingleCycles()}); STP = sum over present types.</li>
 *   <li><b>Fairness</b>: {@code Pbar_t} = mean of (level + 1) over type t,
 *       {@code PP_t = NP_t / (Pbar_t / sum_u Pbar_u)}, fairness = min PP / max PP.</li>
 * </ul>
 * <b>As written</b> ({@code ...AsWritten}): the script pads its per-type means with a leading zero,
 * so the mean of type t is divided into S of type t+1, and YOLO-Lite (the last type) never
 * contributes to STP or to the PP list, though its Pbar still enters the sum. <b>Corrected</b>:
 * each type divided into its own S. <b>Per-request forms</b>: {@code NP_r = S_t(r) / L_r} per
 * request; {@code stpPerRequest} = sum over types of the mean NP_r of the type; {@code fairnessPerRequest}
 * the same min/max with those per-type means; {@code meanNormalisedProgress} the mean NP_r over all
 * requests.
 */
public record MocaMetrics(double sla, double slaLowPriority, double slaMidPriority, double slaHighPriority,
                          double stpAsWritten, double stpCorrected, double fairnessAsWritten, double fairnessCorrected,
                          double stpPerRequest, double fairnessPerRequest, double meanNormalisedProgress) {
    private static final int TYPES = MocaNetwork.values().length;

    public static MocaMetrics of(MocaTrace trace, MocaOutcome outcome) {
        return of(trace, outcome.loggedLatencies());
    }

    public static MocaMetrics of(MocaTrace trace, double[] loggedLatencyCycles) {
        int n = trace.size();
        if (loggedLatencyCycles.length != n) throw new IllegalArgumentException("latencies for " + loggedLatencyCycles.length + " requests, trace has " + n);
        int met = 0;
        int[] groupCount = new int[3];
        int[] groupMet = new int[3];
        double[] latencySum = new double[TYPES];
        double[] progressSum = new double[TYPES];
        double[] prioritySum = new double[TYPES];
        int[] count = new int[TYPES];
        double progressTotal = 0;
        for (int r = 0; r < n; r++) {
            int t = trace.network(r);
            double latency = loggedLatencyCycles[r];
            boolean ok = trace.targetCycles(r) > latency;
            int group = priorityGroup(trace.priorityLevel(r));
            groupCount[group]++;
            if (ok) {
                met++;
                groupMet[group]++;
            }
            count[t]++;
            latencySum[t] += latency;
            prioritySum[t] += trace.priorityLevel(r) + 1;
            double progress = single(t) / latency;
            progressSum[t] += progress;
            progressTotal += progress;
        }
        double[] meanLatency = new double[TYPES];
        double[] meanPriority = new double[TYPES];
        double[] meanProgress = new double[TYPES];
        double prioritySumOfMeans = 0;
        for (int t = 0; t < TYPES; t++) {
            if (count[t] == 0) continue;
            meanLatency[t] = latencySum[t] / count[t];
            meanPriority[t] = prioritySum[t] / count[t];
            meanProgress[t] = progressSum[t] / count[t];
            prioritySumOfMeans += meanPriority[t];
        }
        double[] npCorrected = new double[TYPES];
        double[] npWritten = new double[TYPES];
        double[] npPerRequest = new double[TYPES];
        for (int t = 0; t < TYPES; t++) {
            if (count[t] == 0) {
                npCorrected[t] = npWritten[t] = npPerRequest[t] = Double.NaN;
                continue;
            }
            npCorrected[t] = single(t) / meanLatency[t];
            npWritten[t] = t + 1 < TYPES ? single(t + 1) / meanLatency[t] : Double.NaN; // the script's shift
            npPerRequest[t] = meanProgress[t];
        }
        return new MocaMetrics((double) met / n,
                rate(groupMet[0], groupCount[0]), rate(groupMet[1], groupCount[1]), rate(groupMet[2], groupCount[2]),
                sumPresent(npWritten), sumPresent(npCorrected),
                fairness(npWritten, meanPriority, prioritySumOfMeans), fairness(npCorrected, meanPriority, prioritySumOfMeans),
                sumPresent(npPerRequest), fairness(npPerRequest, meanPriority, prioritySumOfMeans), progressTotal / n);
    }

    /** STP in the form that goes with a runtime: as written under the artifact runtime, corrected under the physical one. */
    public double stp(boolean artifactRuntime) { return artifactRuntime ? stpAsWritten : stpCorrected; }

    /** Fairness in the form that goes with a runtime (as {@link #stp(boolean)}). */
    public double fairness(boolean artifactRuntime) { return artifactRuntime ? fairnessAsWritten : fairnessCorrected; }

    /** 0 for levels 0-2, 1 for 3-8, 2 for 9-11 (MoCA's per-priority plots). */
    public static int priorityGroup(int level) { return level <= 2 ? 0 : level <= 8 ? 1 : 2; }

    private static double single(int type) { return MocaNetwork.values()[type].appSingleCycles(); }

    private static double rate(int met, int count) { return count == 0 ? Double.NaN : (double) met / count; }

    private static double sumPresent(double[] np) {
        double sum = 0;
        for (double v : np) if (!Double.isNaN(v)) sum += v;
        return sum;
    }

    /** min PP / max PP over the types with an NP (1 when fewer than two), PP_t = NP_t / (Pbar_t / sum Pbar). */
    private static double fairness(double[] np, double[] meanPriority, double prioritySumOfMeans) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < np.length; t++) {
            if (Double.isNaN(np[t])) continue;
            double pp = np[t] / (meanPriority[t] / prioritySumOfMeans);
            min = Math.min(min, pp);
            max = Math.max(max, pp);
        }
        return max == Double.NEGATIVE_INFINITY ? 1.0 : Math.min(1.0, min / max);
    }

    /** One line for reports, saying which form is which. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "SLA %.4f (prio 0-2 %.3f, 3-8 %.3f, 9-11 %.3f) | STP as-written %.3f corrected %.3f per-request %.3f | fairness as-written %.3f corrected %.3f per-request %.3f",
                sla, slaLowPriority, slaMidPriority, slaHighPriority, stpAsWritten, stpCorrected, stpPerRequest,
                fairnessAsWritten, fairnessCorrected, fairnessPerRequest);
    }
}
