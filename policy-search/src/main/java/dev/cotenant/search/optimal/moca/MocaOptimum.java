package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;

import java.util.ArrayList;
import java.util.List;

/**
 * The offline optimum of one trace: every online policy run on the physical runtime, the best of
 * those that use the 2-tile sub-groups seeding {@link MocaPlanSearch} (its realised plan flattened
 * to one round, searched under its own co-location and regulation), the best plan found, and
 * {@link MissBound}'s bound. The best plan is the better of the search's and the seed policy's own
 * realised plan (whose replay is its online run exactly), so it is never worse than the best online
 * sub-group policy.
 */
public final class MocaOptimum {
    public record PolicyResult(String policy, PlanCost cost, double sla) {}

    /**
     * @param seedPolicy  the online policy whose plan seeded the search and whose rules executed it
     * @param best        the best plan's cost; {@code bestFrom} = "search" or "online &lt;policy&gt;"
     * @param bestMetrics MoCA's metrics of the best plan's run
     */
    public record TraceResult(MocaTrace trace, List<PolicyResult> online, String seedPolicy, MocaPlanSearch.Result search,
                              PlanCost best, MocaMetrics bestMetrics, String bestFrom, MocaPlan bestPlan, MissBound.Result bound, double seconds) {
        public double bestSla() { return bestMetrics.sla(); }
    }

    private MocaOptimum() {}

    public static TraceResult solve(MocaTrace trace, List<String> policies, MocaPlanSearch.Settings settings) {
        long start = System.nanoTime();
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        List<PolicyResult> online = new ArrayList<>();
        String seedPolicy = null;
        PlanCost seedCost = null;
        MocaPlan seedPlan = null;
        MocaMetrics seedMetrics = null;
        for (String policy : policies) {
            runtime.run(policy, MocaPolicies.defaults(policy), trace, false, out);
            PlanCost cost = PlanCost.of(trace, out);
            MocaMetrics metrics = MocaMetrics.of(trace, out);
            online.add(new PolicyResult(policy, cost, metrics.sla()));
            if (MocaPolicies.usesSubGroups(policy) && (seedCost == null || cost.betterThan(seedCost))) {
                seedPolicy = policy;
                seedCost = cost;
                seedMetrics = metrics;
                seedPlan = runtime.realisedPlan();
            }
        }
        if (seedPolicy == null) throw BadInputException.setting("policies", "need at least one policy on 2-tile sub-groups to seed the search");
        PlanProblem problem = new PlanProblem(trace, seedPolicy, MocaPolicies.defaults(seedPolicy));
        MocaPlanSearch.Result search = MocaPlanSearch.solve(problem, seedPlan.orders(), settings);
        runtime.runPlan(seedPolicy, problem.parameters(), trace, search.plan(), out);
        MocaMetrics searchMetrics = MocaMetrics.of(trace, out);
        boolean searchWins = !seedCost.betterThan(search.cost());
        return new TraceResult(trace, online, seedPolicy, search,
                searchWins ? search.cost() : seedCost, searchWins ? searchMetrics : seedMetrics,
                searchWins ? "search" : "online " + seedPolicy, searchWins ? search.plan() : seedPlan,
                MissBound.of(trace), (System.nanoTime() - start) * 1e-9);
    }

    /** Every trace on its own thread (each search single-threaded, so results do not depend on {@code threads}): MoCA's one parallel loop. */
    public static List<TraceResult> solveAll(List<MocaTrace> traces, List<String> policies, MocaPlanSearch.Settings settings, int threads) {
        TraceResult[] results = new TraceResult[traces.size()];
        MocaEvaluator.forEach(traces.size(), threads, t -> results[t] = solve(traces.get(t), policies, settings));
        return List.of(results);
    }

    /** The first {@code count} requests of {@code trace}. */
    public static MocaTrace firstRequests(MocaTrace trace, int count) { return MocaTraces.window(trace, 0, count); }
}
