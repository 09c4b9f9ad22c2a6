package dev.cotenant.simulator.policy;

/**
 * Sparse-DySta's ordering rule in one place, for every setting that uses it: a waiting request's
 * cost is {@code remaining + beta * (max(0, slack - remaining) + (idle / isolated) / waiting)} and
 * the smallest cost runs first. Any consistent time unit works (seconds, cycles).
 */
public final class DystaScore {
    private DystaScore() {}

    /**
     * @param remaining its estimated remaining latency
     * @param slack     time left until its deadline (negative when past)
     * @param idle      how long it has waited without running
     * @param isolated  its estimated isolated latency
     * @param waiting   how many requests are waiting (the idle term's normaliser)
     * @param beta      weight of slack and waiting against remaining latency
     */
    public static double cost(double remaining, double slack, double idle, double isolated, int waiting, double beta) {
        return cost(remaining, slack, idle, isolated, (double) waiting, beta);
    }

    /** As above with a real-valued normaliser of the idle term ({@code dysta-family} raises the count to a power). */
    public static double cost(double remaining, double slack, double idle, double isolated, double waitingNorm, double beta) {
        double score = Math.max(0, slack - remaining) + (idle / isolated) / waitingNorm;
        return remaining + beta * score;
    }
}
