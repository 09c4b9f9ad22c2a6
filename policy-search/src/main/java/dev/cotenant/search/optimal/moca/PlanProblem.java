package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaTrace;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a plan is run under: the trace and the policy whose sub-group width, co-location rule and
 * regulation execute it (only its dispatcher is replaced by the plan), and the count of plans
 * scored for it. Shared by a solution and its clones, never by two solves.
 */
public record PlanProblem(MocaTrace trace, String policy, double[] parameters, AtomicLong scoredPlans) {
    public PlanProblem(MocaTrace trace, String policy, double[] parameters) {
        this(trace, policy, parameters, new AtomicLong());
    }
}
