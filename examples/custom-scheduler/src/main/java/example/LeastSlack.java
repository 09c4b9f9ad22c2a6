package example;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.plugin.SchedulerPlugin;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * Least slack first: run the request whose deadline is nearest once its remaining work is counted,
 * {@code slack = deadline - now - estimateWeight x estimated remaining latency}. With
 * {@code estimateWeight = 0} it is earliest-deadline-first; 1 counts the work at its estimate.
 */
public final class LeastSlack implements SchedulerPlugin {
    static final ParameterSpace SPACE = ParameterSpace.of(new Parameter("estimateWeight", 1, 0, 4, Parameter.Scale.LINEAR,
            "weight of the estimated remaining latency in the slack (0 = earliest deadline first)"));

    @Override public String name() { return "least-slack"; }
    @Override public String description() { return "least slack first: deadline - now - estimateWeight x estimated remaining latency"; }
    @Override public ParameterSpace space() { return SPACE; }

    @Override
    public Scheduler create(double[] parameters) {
        double weight = parameters[0];
        // pattern-aware: estimates from the request's own model profile; no sparsity monitor
        return new Scheduler("least-slack", true, false) {
            @Override
            public int pick(DecisionState s) {
                int best = 0;
                double bestSlack = Double.POSITIVE_INFINITY;
                for (int p = 0, n = s.admittedCount(); p < n; p++) {
                    int r = s.requestAt(p);
                    double slack = s.slackSeconds(r) - weight * s.estRemainingSeconds(r);
                    if (slack < bestSlack) { // ties: the earlier admitted request
                        bestSlack = slack;
                        best = p;
                    }
                }
                return best;
            }
        };
    }
}
