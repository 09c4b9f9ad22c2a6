package dev.cotenant.search.optimal.moca;

import dev.cotenant.search.optimal.certify.CpSat;
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
 * sub-group policy. With a {@link CpSat} setting, CP-SAT's model plans ({@link PlanBound#startingPlan})
 * may start the search instead, and the best plan gets a {@link MocaCertificate} ({@link PlanBound}
 * for the seed policy's plan family).
 */
public final class MocaOptimum {
    public record PolicyResult(String policy, PlanCost cost, double sla) {}

    /**
     * Slot stretch factors of the CP-SAT starting plans ({@link PlanBound#startingPlan}): the model's
     * times are isolated ones, and the runtime's contended ones are longer by a trace-dependent margin.
     */
    static final double[] PLAN_MARGINS = {1.0, 1.1, 1.25};

    /**
     * @param seedPolicy   the online policy whose rules execute every plan; its realised plan seeds the search
     * @param seedOneRound that plan flattened to one round, as the runtime measures it
     * @param best         the best plan's cost; {@code bestFrom} = "search from online &lt;policy&gt;", "search from
     *                     cp-sat plan" (the search started from CP-SAT's model plan, which measured better than the
     *                     seed as one round), "online &lt;policy&gt;" or "cp-sat plan"
     * @param bestMetrics  MoCA's metrics of the best plan's run
     * @param certificate  what is proven about the best plan's misses (null: not certified)
     */
    public record TraceResult(MocaTrace trace, List<PolicyResult> online, String seedPolicy, PlanCost seedOneRound, MocaPlanSearch.Result search,
                              PlanCost best, MocaMetrics bestMetrics, String bestFrom, MocaPlan bestPlan, MissBound.Result bound,
                              MocaCertificate certificate, double seconds) {
        public double bestSla() { return bestMetrics.sla(); }
    }

    private MocaOptimum() {}

    public static TraceResult solve(MocaTrace trace, List<String> policies, MocaPlanSearch.Settings settings) {
        return solve(trace, policies, settings, null);
    }

    /** @param cpSat the CP-SAT setting of the starting plans and the certificate, or null for neither */
    public static TraceResult solve(MocaTrace trace, List<String> policies, MocaPlanSearch.Settings settings, CpSat cpSat) {
        long startNanos = System.nanoTime();
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
        runtime.runPlan(seedPolicy, problem.parameters(), trace, MocaPlan.ofOrders(seedPlan.orders()), out);
        PlanCost seedOneRound = PlanCost.of(trace, out);
        // the seed policy executes every plan here (and its own realised plan): its family is the one to certify
        PlanBound.Result family = null;
        int[][] start = seedPlan.orders();
        String searchStart = "online " + seedPolicy;
        PlanCost modelCost = null;
        MocaPlan modelPlan = null;
        MocaMetrics modelMetrics = null;
        if (cpSat != null && MocaPolicies.keepsRequestsOnOneSubGroup(seedPolicy)) {
            family = PlanBound.of(trace, seedPolicy, cpSat);
            // one ruler: the model's plans count only as the runtime measures them; the best starts the search when better
            for (double margin : PLAN_MARGINS) {
                int[][] orders = PlanBound.startingPlan(trace, margin, cpSat);
                if (orders == null) continue;
                MocaPlan plan = MocaPlan.ofOrders(orders);
                runtime.runPlan(seedPolicy, problem.parameters(), trace, plan, out);
                PlanCost cost = PlanCost.of(trace, out);
                if (modelCost == null || cost.betterThan(modelCost)) {
                    modelCost = cost;
                    modelPlan = plan;
                    modelMetrics = MocaMetrics.of(trace, out);
                }
            }
            if (modelCost != null && modelCost.betterThan(seedOneRound)) {
                start = modelPlan.orders();
                searchStart = "cp-sat plan";
            }
        }
        MocaPlanSearch.Result search = MocaPlanSearch.solve(problem, start, settings);
        runtime.runPlan(seedPolicy, problem.parameters(), trace, search.plan(), out);
        MocaMetrics searchMetrics = MocaMetrics.of(trace, out);
        boolean searchWins = !seedCost.betterThan(search.cost());
        PlanCost best = searchWins ? search.cost() : seedCost;
        MocaMetrics bestMetrics = searchWins ? searchMetrics : seedMetrics;
        String bestFrom = searchWins ? "search from " + searchStart : "online " + seedPolicy;
        MocaPlan bestPlan = searchWins ? search.plan() : seedPlan;
        if (modelCost != null && modelCost.betterThan(best)) { // cannot happen when it started the search; kept for the other case
            best = modelCost;
            bestMetrics = modelMetrics;
            bestFrom = "cp-sat plan";
            bestPlan = modelPlan;
        }
        MissBound.Result bound = MissBound.of(trace);
        MocaCertificate certificate = family == null ? null : new MocaCertificate(best.weightedMisses(), bound, family);
        return new TraceResult(trace, online, seedPolicy, seedOneRound, search, best, bestMetrics, bestFrom, bestPlan, bound, certificate,
                (System.nanoTime() - startNanos) * 1e-9);
    }

    /** Every trace on its own thread (each search single-threaded, so results do not depend on {@code threads}): MoCA's one parallel loop. */
    public static List<TraceResult> solveAll(List<MocaTrace> traces, List<String> policies, MocaPlanSearch.Settings settings, int threads) {
        return solveAll(traces, policies, settings, null, threads);
    }

    /** As {@link #solveAll(List, List, MocaPlanSearch.Settings, int)}, with CP-SAT's starting plans and certificate ({@code cpSat} null: neither). */
    public static List<TraceResult> solveAll(List<MocaTrace> traces, List<String> policies, MocaPlanSearch.Settings settings, CpSat cpSat,
                                             int threads) {
        TraceResult[] results = new TraceResult[traces.size()];
        MocaEvaluator.forEach(traces.size(), threads, t -> results[t] = solve(traces.get(t), policies, settings, cpSat));
        return List.of(results);
    }

    /** The first {@code count} requests of {@code trace}. */
    public static MocaTrace firstRequests(MocaTrace trace, int count) { return MocaTraces.window(trace, 0, count); }
}
