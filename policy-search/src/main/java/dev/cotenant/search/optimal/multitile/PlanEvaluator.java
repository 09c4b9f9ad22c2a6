package dev.cotenant.search.optimal.multitile;

import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import dev.cotenant.simulator.multitile.MultiTileKernel;
import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileOutcome;
import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileTrace;

import java.util.HashMap;
import java.util.Map;

/**
 * Scores plans by running them on the {@link MultiTileKernel} and reading {@link MultiTileMetrics}:
 * the same kernel and metric code as every online policy. Remembers what it scored (a genetic
 * search revisits plans often), up to a bound after which it starts afresh. One per thread.
 */
public final class PlanEvaluator {
    private final MultiTileTrace trace;
    private final PlanFamily family;
    private final MultiTileObjective objective;
    private final MultiTileKernel kernel = new MultiTileKernel();
    private final MultiTileOutcome outcome = new MultiTileOutcome();
    private final Map<Plan, Cost> memo = new HashMap<>();
    private final int memoLimit;
    private long kernelRuns;

    public PlanEvaluator(MultiTileTrace trace, PlanFamily family, MultiTileObjective objective, int memoLimit) {
        this.trace = trace;
        this.family = family;
        this.objective = objective;
        this.memoLimit = memoLimit;
    }

    public MultiTileTrace trace() { return trace; }
    public PlanFamily family() { return family; }
    public MultiTileObjective objective() { return objective; }
    public long kernelRuns() { return kernelRuns; }

    /** The plan's cost (memoised). */
    public Cost cost(Plan plan) {
        Cost c = memo.get(plan);
        if (c != null) return c;
        c = costOf(family.policy(plan, trace));
        if (memo.size() >= memoLimit) memo.clear(); // bounded memory on long searches; recent plans are the ones revisited
        if (memoLimit > 0) memo.put(plan, c);
        return c;
    }

    /** A kernel run of any policy on this trace, scored; not memoised. */
    public Cost costOf(MultiTilePolicy policy) {
        kernel.run(trace, policy, outcome);
        kernelRuns++;
        return MultiTileObjective.cost(trace, MultiTileMetrics.of(trace, outcome));
    }
}
