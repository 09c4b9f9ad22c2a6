package dev.cotenant.simulator.metrics;

/**
 * MoCA's fairness, the one formula both settings use: over <i>tenants</i> (the models of a trace,
 * each a stream of requests), {@code min_i PP_i / max_i PP_i} with {@code PP_i} the mean over
 * tenant {@code i}'s requests of {@code NP_r / p_r} (normalised progress over priority). MoCA's
 * {@code min over pairs PP_i / PP_j} with its {@code p_r / sum p} normaliser reduces to this, since
 * the normaliser cancels in the ratio. In (0, 1]; 1 when every tenant progresses in proportion to
 * its priority.
 */
public final class TenantFairness {
    private TenantFairness() {}

    /**
     * @param progressOverPrioritySum per tenant, {@code sum_r NP_r / p_r} over its requests
     * @param requestCount            per tenant, its requests; a tenant with none is not a tenant of this trace
     * @param tenants                 entries of the arrays to read
     */
    public static double of(double[] progressOverPrioritySum, int[] requestCount, int tenants) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (int i = 0; i < tenants; i++) {
            if (requestCount[i] == 0) continue;
            double pp = progressOverPrioritySum[i] / requestCount[i];
            lowest = Math.min(lowest, pp);
            highest = Math.max(highest, pp);
        }
        return highest > 0 ? lowest / highest : 1;
    }
}
