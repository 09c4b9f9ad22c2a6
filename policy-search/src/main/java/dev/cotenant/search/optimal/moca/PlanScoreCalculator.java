package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.calculator.EasyScoreCalculator;

/**
 * Scores a plan by running it through the MoCA runtime ({@link MocaRuntime#runPlan}), the ruler
 * the online policies are measured with. OptaPlanner makes one calculator per solver, so each
 * keeps its own runtime and nothing is shared or cached across threads. While the construction
 * heuristic has placed only some requests, the plan is scored on the trace of those requests
 * alone (the rest are counted by OptaPlanner's init score).
 */
public final class PlanScoreCalculator implements EasyScoreCalculator<MocaSchedule, HardSoftLongScore> {
    private final MocaRuntime runtime = new MocaRuntime();
    private final MocaOutcome outcome = new MocaOutcome();

    @Override
    public HardSoftLongScore calculateScore(MocaSchedule schedule) {
        schedule.problem().scoredPlans().incrementAndGet();
        return cost(schedule, runtime, outcome).score();
    }

    static PlanCost cost(MocaSchedule schedule, MocaRuntime runtime, MocaOutcome outcome) {
        PlanProblem problem = schedule.problem();
        int[][] orders = schedule.orders();
        int placed = 0;
        for (int[] order : orders) placed += order.length;
        MocaTrace trace = problem.trace();
        if (placed == 0) return new PlanCost(0, 0);
        if (placed < trace.size()) {
            int[] local = new int[trace.size()];
            trace = placedOnly(trace, orders, local);
            for (int[] order : orders) for (int i = 0; i < order.length; i++) order[i] = local[order[i]];
        }
        runtime.runPlan(problem.policy(), problem.parameters(), trace, MocaPlan.ofOrders(orders), outcome);
        return PlanCost.of(trace, outcome);
    }

    /** The sub-trace of the placed requests, in arrival order; {@code local[id]} = its index there. */
    private static MocaTrace placedOnly(MocaTrace trace, int[][] orders, int[] local) {
        boolean[] placed = new boolean[trace.size()];
        for (int[] order : orders) for (int r : order) placed[r] = true;
        int m = 0;
        for (boolean p : placed) if (p) m++;
        long[] arrival = new long[m], target = new long[m];
        int[] network = new int[m], level = new int[m];
        int j = 0;
        for (int r = 0; r < trace.size(); r++) {
            if (!placed[r]) continue;
            local[r] = j;
            arrival[j] = trace.arrivalCycles(r);
            network[j] = trace.network(r);
            level[j] = trace.priorityLevel(r);
            target[j] = trace.targetCycles(r);
            j++;
        }
        return new MocaTrace(trace.name() + " (placed)", arrival, network, level, target);
    }
}
