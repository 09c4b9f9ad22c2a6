package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.Policy;

import java.util.ArrayList;
import java.util.List;

/** Runs policies over a compiled trace with one kernel and one metric code: the project's single ruler. */
public final class Evaluator {
    private Evaluator() {}

    /** Every policy over {@code trace}, in order, each with its own outcome. */
    public static List<PolicyRun> runAll(CompiledTrace trace, List<Policy> policies, KernelOptions options) {
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(options);
        List<PolicyRun> runs = new ArrayList<>(policies.size());
        for (Policy policy : policies) {
            Outcome outcome = new Outcome();
            kernel.run(trace, policy.newScheduler(), outcome, null);
            runs.add(new PolicyRun(policy, outcome, RunMetrics.of(trace, outcome)));
        }
        return runs;
    }
}
