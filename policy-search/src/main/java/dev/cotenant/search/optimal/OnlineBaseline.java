package dev.cotenant.search.optimal;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The best published online heuristic on a trace (or a busy period) under an objective (on a trace
 * with dependencies or a drop rule also the best of {@link #REALTIME_BASELINES}), and the
 * fixed order it suggests: its requests sorted by finish time. That order is the optimiser's
 * starting point. In a fully preemptive world the order of finish times would finish every
 * request no later than the heuristic did; with layers that cannot be interrupted it usually but
 * not always does, so both costs are kept.
 *
 * @param policy            the best published policy
 * @param cost              its cost (run by the kernel)
 * @param completionOrder   its requests by finish time, ties by id
 * @param completionOrderCost cost of {@link FixedOrder} over {@code completionOrder}
 */
public record OnlineBaseline(Policy policy, Cost cost, int[] completionOrder, Cost completionOrderCost) {
    /** Also tried on traces with dependencies or a drop rule (they are not in the published table). */
    public static final List<String> REALTIME_BASELINES = List.of("edf", "edf-demote", "least-laxity");

    public static OnlineBaseline of(CompiledTrace trace, ScheduleObjective objective) { return of(trace, objective, KernelOptions.PUBLISHED); }

    /** Under {@code options} (its drop rule): the heuristics and the order are run as the optimum's schedules are. */
    public static OnlineBaseline of(CompiledTrace trace, ScheduleObjective objective, KernelOptions options) {
        TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(options);
        Outcome outcome = new Outcome();
        Policy best = null;
        Cost bestCost = null;
        double[] bestFinish = null;
        List<String> names = new ArrayList<>(Schedulers.names());
        // On real-time traces the deadline-driven baselines are what a user compares with first.
        if (trace.hasDependencies() || options.drop() != DropRule.NONE) names.addAll(REALTIME_BASELINES);
        for (String name : names) {
            Policy policy = Policy.published(name);
            kernel.run(trace, policy.newScheduler(), outcome, null);
            Cost cost = objective.cost(trace, outcome);
            if (best == null || objective.compare(cost, bestCost) < 0) {
                best = policy;
                bestCost = cost;
                bestFinish = new double[trace.size()];
                for (int r = 0; r < bestFinish.length; r++) bestFinish[r] = outcome.finishSeconds(r);
            }
        }
        double[] finish = bestFinish;
        int[] order = IntStream.range(0, trace.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(r -> finish[r]).thenComparingInt(r -> r))
                .mapToInt(Integer::intValue).toArray();
        kernel.run(trace, FixedOrder.ofSequence(order), outcome, null);
        return new OnlineBaseline(best, bestCost, order, objective.cost(trace, outcome));
    }
}
