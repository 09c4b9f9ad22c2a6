package dev.cotenant.search.optimal.moca;

import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPlan;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The offline optimum of one trace: every online policy run on the physical runtime, the best of
 * those that use the 2-tile sub-groups seeding {@link MocaPlanSearch} (its realised plan flattened
 * to one round, searched under its own co-location and regulation), the best plan found, and
 * {@link MissBound}'s bound. The best plan is the better of the search's and the seed policy's own
 * realised plan (whose replay is its online run exactly), so it is never worse than the best online
 * sub-group policy. With a {@link CpSat} setting the best plan also gets a {@link MocaCertificate}
 * ({@link PlanBound} for the seed policy's plan family).
 */
public final class MocaOptimum {
    public record PolicyResult(String policy, PlanCost cost, double sla) {}

    /**
     * Slot stretch factors of the CP-SAT starting plans ({@link PlanBound#startingPlan}): the model's
     * times are isolated ones, and the runtime's contended ones are longer by a trace-dependent margin.
     */
    static final double[] PLAN_MARGINS = {1.0, 1.1, 1.25};

    /**
     * @param seedPolicy the online policy whose rules execute every plan; its realised plan seeds the search
     * @param seedOneRound that plan flattened to one round, as the runtime measures it
     * @param best       the best plan's cost and SLA; {@code bestFrom} = "search from online &lt;policy&gt;", "search from
     *                   cp-sat plan" (the search started from the plan bound's model plan, which measured better than the
     *                   seed as one round), "online &lt;policy&gt;" or "cp-sat plan"
     * @param certificate what is proven about the best plan's misses (null: not certified)
     */
    public record TraceResult(MocaTrace trace, List<PolicyResult> online, String seedPolicy, PlanCost seedOneRound, MocaPlanSearch.Result search,
                              PlanCost best, double bestSla, String bestFrom, MocaPlan bestPlan, MissBound.Result bound,
                              MocaCertificate certificate, double seconds) {}

    private MocaOptimum() {}

    public static TraceResult solve(MocaTrace trace, List<String> policies, MocaPlanSearch.Settings settings) {
        return solve(trace, policies, settings, null);
    }

    /** @param cpSat the plan bound's CP-SAT setting, or null for no certificate */
    public static TraceResult solve(MocaTrace trace, List<String> policies, MocaPlanSearch.Settings settings, CpSat cpSat) {
        long startNanos = System.nanoTime();
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        List<PolicyResult> online = new ArrayList<>();
        String seedPolicy = null;
        PlanCost seedCost = null;
        MocaPlan seedPlan = null;
        double seedSla = 0;
        for (String policy : policies) {
            runtime.run(policy, MocaPolicies.defaults(policy), trace, false, out);
            PlanCost cost = PlanCost.of(trace, out);
            double sla = MocaMetrics.of(trace, out).sla();
            online.add(new PolicyResult(policy, cost, sla));
            if (MocaPolicies.usesSubGroups(policy) && (seedCost == null || cost.betterThan(seedCost))) {
                seedPolicy = policy;
                seedCost = cost;
                seedSla = sla;
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
        double modelSla = 0;
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
                    modelSla = MocaMetrics.of(trace, out).sla();
                }
            }
            if (modelCost != null && modelCost.betterThan(seedOneRound)) {
                start = modelPlan.orders();
                searchStart = "cp-sat plan";
            }
        }
        MocaPlanSearch.Result search = MocaPlanSearch.solve(problem, start, settings);
        runtime.runPlan(seedPolicy, problem.parameters(), trace, search.plan(), out);
        double searchSla = MocaMetrics.of(trace, out).sla();
        boolean searchWins = !seedCost.betterThan(search.cost());
        PlanCost best = searchWins ? search.cost() : seedCost;
        double bestSla = searchWins ? searchSla : seedSla;
        String bestFrom = searchWins ? "search from " + searchStart : "online " + seedPolicy;
        MocaPlan bestPlan = searchWins ? search.plan() : seedPlan;
        if (modelCost != null && modelCost.betterThan(best)) { // cannot happen when it started the search; kept for the other case
            best = modelCost;
            bestSla = modelSla;
            bestFrom = "cp-sat plan";
            bestPlan = modelPlan;
        }
        MissBound.Result bound = MissBound.of(trace);
        MocaCertificate certificate = family == null ? null : new MocaCertificate(best.weightedMisses(), bound, family);
        return new TraceResult(trace, online, seedPolicy, seedOneRound, search, best, bestSla, bestFrom, bestPlan,
                bound, certificate, (System.nanoTime() - startNanos) * 1e-9);
    }

    /** Every trace on its own thread (each search single-threaded, so results do not depend on {@code threads}). */
    public static List<TraceResult> solveAll(List<MocaTrace> traces, List<String> policies, MocaPlanSearch.Settings settings, int threads) {
        return solveAll(traces, policies, settings, null, threads);
    }

    /** As {@link #solveAll(List, List, MocaPlanSearch.Settings, int)}, each best plan certified with {@code cpSat} (null: not). */
    public static List<TraceResult> solveAll(List<MocaTrace> traces, List<String> policies, MocaPlanSearch.Settings settings, CpSat cpSat,
                                             int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<TraceResult>> futures = new ArrayList<>();
            for (MocaTrace t : traces) futures.add(pool.submit(() -> solve(t, policies, settings, cpSat)));
            List<TraceResult> results = new ArrayList<>();
            for (Future<TraceResult> f : futures) results.add(f.get());
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The first {@code count} requests of {@code trace}. */
    public static MocaTrace firstRequests(MocaTrace trace, int count) { return window(trace, 0, count); }

    /**
     * Requests {@code from .. from + count - 1} of {@code trace} (fewer at its end), arrivals shifted so
     * the first arrives at 0 (targets are relative, so nothing else changes).
     */
    public static MocaTrace window(MocaTrace trace, int from, int count) {
        if (count < 1) throw BadInputException.setting("requests", "must be >= 1, got " + count);
        if (from < 0 || from >= trace.size()) throw BadInputException.setting("windows", "start " + from + " is not in a trace of " + trace.size());
        int m = Math.min(count, trace.size() - from);
        long[] arrival = new long[m], target = new long[m];
        int[] network = new int[m], level = new int[m];
        long shift = trace.arrivalCycles(from);
        for (int i = 0; i < m; i++) {
            arrival[i] = trace.arrivalCycles(from + i) - shift;
            network[i] = trace.network(from + i);
            level[i] = trace.priorityLevel(from + i);
            target[i] = trace.targetCycles(from + i);
        }
        String name = from == 0 && m == trace.size() ? trace.name() : trace.name() + "[" + from + ".." + (from + m - 1) + "]";
        return new MocaTrace(name, arrival, network, level, target);
    }
}
