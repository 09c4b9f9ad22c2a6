package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * An explicit schedule rather than an online rule: a priority order over the trace's requests,
 * run preemptively at layer boundaries (at every decision the admitted request with the smallest
 * rank runs). This is the family the offline optimiser searches; the kernel runs it exactly as it
 * runs any online policy, so both are measured by one ruler.
 */
public final class FixedOrder extends Scheduler {
    private final int[] rankOfRequest;

    /** @param rankOfRequest rank per request id (smaller runs first); copied */
    public FixedOrder(int[] rankOfRequest) {
        super("fixed-order", false, false);
        this.rankOfRequest = rankOfRequest.clone();
    }

    /** The order as a list of request ids, first to run first. */
    public static FixedOrder ofSequence(int[] requestsInOrder) {
        int[] rank = new int[requestsInOrder.length];
        for (int i = 0; i < requestsInOrder.length; i++) rank[requestsInOrder[i]] = i;
        return new FixedOrder(rank);
    }

    @Override
    public int pick(DecisionState s) {
        int best = 0;
        int bestRank = Integer.MAX_VALUE;
        for (int p = 0, n = s.admittedCount(); p < n; p++) {
            int rank = rankOfRequest[s.requestAt(p)];
            if (rank < bestRank) {
                bestRank = rank;
                best = p;
            }
        }
        return best;
    }
}
