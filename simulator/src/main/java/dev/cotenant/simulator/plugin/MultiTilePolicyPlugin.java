package dev.cotenant.simulator.plugin;

import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * A multi-tile (MoCA) runtime policy brought by a user's jar: the order in which MoCA's dispatcher
 * hands waiting requests to its four 2-tile sub-groups. Everything else is MoCA's runtime as
 * modelled (rounds, hand-out, co-location and, if {@link #throttles()}, MoCA's memory-access
 * regulation with its parameters ahead of this policy's own). Listed in
 * {@code META-INF/services/dev.cotenant.simulator.plugin.MultiTilePolicyPlugin}.
 *
 * <p>{@link #queueCost} is called for every waiting request at every dispatch iteration; it must be
 * a pure function of its arguments (no state, no clock), so results depend on the seed alone.
 */
public interface MultiTilePolicyPlugin {
    /** The name commands use ({@code --policies my-order}); must not clash with a built-in MoCA policy. */
    String name();

    String description();

    /** This policy's own parameters (MoCA's dispatcher and regulation parameters are added in front). */
    ParameterSpace space();

    /** Whether MoCA's memory-access regulation throttles co-located tenants under this policy. */
    boolean throttles();

    /**
     * The request's place in the dispatcher's queue: lower is handed out first.
     *
     * @param parameters          this policy's own parameter values, in {@link #space()} order
     * @param priorityLevel       the request's priority level (0-11, higher is more important)
     * @param remainingCycles     predicted cycles still to run on 2 tiles
     * @param slackCycles         target latency minus waiting time so far (negative: late)
     * @param waitCycles          cycles since the request arrived, at the dispatch horizon
     * @param isolatedCycles      the network's predicted latency alone on the whole SoC
     * @param waitingRequests     requests waiting at this dispatch iteration
     */
    double queueCost(double[] parameters, int priorityLevel, double remainingCycles, double slackCycles, double waitCycles,
                     double isolatedCycles, int waitingRequests);
}
