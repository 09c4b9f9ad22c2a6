package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.moca.MocaCertificate;
import dev.cotenant.search.optimal.moca.MocaOptimum;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.RequestRows;
import dev.cotenant.simulator.policy.LayerPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an {@code optimum} entry keeps of each point's solve beside its rows, in
 * {@code artefacts/LABEL/point-N/}: {@value #SUMMARY} (cost, bounds, gaps, what is proven),
 * {@value #BUSY_PERIODS} (per busy period: method, bounds, proven or not), {@value #SCHEDULE} (every
 * layer the kernel ran for the answer's layer plan) and {@value #REQUESTS} (per request, as
 * {@code simulate}); MoCA's optimum keeps {@value #GAPS} and {@value #PLANS} ({@link #planFiles}). The runner writes them
 * ({@link SpecSetting.OptimumSink}) before the point's rows are stored, so a stored point always has them; a point
 * killed in between is solved again and its files rewritten.
 */
public final class OptimumArtefacts {
    public static final String SUMMARY = "summary.json", BUSY_PERIODS = "busy_periods.csv", SCHEDULE = "schedule.csv", REQUESTS = "requests.csv";
    /** Same input, same bytes (Map.of iterates in a per-JVM order). */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OptimumArtefacts() {}

    /** The folder of one point's files of the entry {@code label} inside an experiment folder. */
    public static Path folder(Path experiment, String label, int point) {
        return experiment.resolve("artefacts").resolve(label).resolve("point-" + point);
    }

    /** One point's files, by name; the caller keeps them ({@link SpecSetting.OptimumSink}). */
    static Map<String, byte[]> files(String label, CompiledTrace trace, OfflineOptimizer.Solution s, OfflineOptimizer.Settings settings) {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(SUMMARY, JSON.writeValueAsBytes(summary(s, settings, trace.size())));
            files.put(BUSY_PERIODS, busyPeriods(s).getBytes(StandardCharsets.UTF_8));
            files.put(SCHEDULE, schedule(trace, s.layerPlan(), settings.kernelOptions()).getBytes(StandardCharsets.UTF_8));
            StringBuilder requests = new StringBuilder(RequestRows.HEADER).append('\n');
            RequestRows.append(requests, label, trace, s.outcome());
            files.put(REQUESTS, requests.toString().getBytes(StandardCharsets.UTF_8));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@value #BUSY_PERIODS}: per busy period how it was solved, and what is proven about its weighted misses. */
    private static String busyPeriods(OfflineOptimizer.Solution s) {
        StringBuilder w = new StringBuilder("part,first_request,requests,method,proven_in_family,weighted_missed_deadlines,certified_lower_bound,"
                + "preemptive_lower_bound,misses_proven_optimal,certificate,turnaround_sum,turnaround_lower_bound,millis,certified_turnaround_bound\n");
        for (OfflineOptimizer.PartReport p : s.parts()) {
            w.append(p.part() + "," + p.firstRequest() + "," + p.requests() + "," + p.method() + "," + p.proven() + ","
                    + p.cost().weightedMissedDeadlines() + "," + p.certifiedBound().weightedMissedDeadlines() + ","
                    + p.relaxationBound().weightedMissedDeadlines() + "," + p.missesProven() + ",\"" + p.certificate() + "\","
                    + p.cost().normalizedTurnaroundSum() + "," + p.certifiedBound().normalizedTurnaroundSum() + "," + p.millis() + ","
                    // empty where the second lexicographic solve did not run
                    + (Double.isNaN(p.turnaroundBound()) ? "" : Double.toString(p.turnaroundBound())) + "\n");
        }
        return w.toString();
    }

    /** {@value #SCHEDULE}: every layer the kernel ran for the answer's layer plan, in time order. */
    private static String schedule(CompiledTrace trace, int[] layerPlan, KernelOptions options) {
        StringBuilder out = new StringBuilder("request,layer,start_s,finish_s\n");
        // the optimum's kernel (its drop rule): a dropped request's unrun layers, listed last in the plan, stay unrun
        new TimeMultiplexedKernel(options).run(trace, new LayerPlan(trace, layerPlan), new Outcome(), (request, layer, start, end) ->
                out.append(request).append(',').append(layer).append(',').append(start).append(',').append(end).append('\n'));
        return out.toString();
    }

    private static Map<String, Object> summary(OfflineOptimizer.Solution s, OfflineOptimizer.Settings settings, int requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", settings.objective().describe());
        m.put("family", "fixed priority order over requests, preemptive at layer boundaries, work-conserving (see docs/optimal.md)");
        m.put("requests", requests);
        // antt over the completed requests, as metrics.csv's (the turnaround sum has no term for a dropped one)
        m.put("optimal", cost(s.cost(), Math.max(1, requests - s.outcome().droppedCount())));
        m.put("family_lower_bound", cost(s.familyBound(), requests));
        m.put("relaxation_lower_bound", cost(s.relaxationBound(), requests));
        m.put("gap_to_family_bound", gap(s.cost(), s.familyBound(), requests));
        m.put("gap_to_relaxation_bound", gap(s.cost(), s.relaxationBound(), requests));
        m.put("proven_optimal_within_family", s.proven());
        // Over every schedule the kernel can run (any scheduler, fixed order or not): the weighted
        // misses certified by the exact preemptive bound and CP-SAT; turnaround by the relaxation.
        m.put("certified_lower_bound", cost(s.certifiedBound(), requests));
        m.put("certified_gap", gap(s.cost(), s.certifiedBound(), requests));
        m.put("misses_proven_optimal", s.missesProven());
        m.put("parts_proven_optimal", s.partsMissesProven());
        m.put("parts_improved_by_cp_sat", s.partsImprovedByCpSat());
        m.put("certification", settings.certify() == null ? "off" : settings.certify().toString());
        if (settings.certify() != null && settings.certify().turnaroundMaxRequests() > 0) {
            // The second lexicographic solve: turnaround with each period's misses at their proven optimum.
            double bound = s.certifiedTurnaroundBound(), found = s.cost().normalizedTurnaroundSum();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("max_requests", settings.certify().turnaroundMaxRequests());
            t.put("antt_lower_bound", bound / requests);
            t.put("antt_gap", (found - bound) / requests);
            t.put("antt_gap_relative", (found - bound) / bound);
            t.put("parts_certified", s.partsTurnaroundCertified());
            t.put("parts_proven_optimal", s.partsTurnaroundProven());
            t.put("requests_in_proven_parts", s.parts().stream().filter(OfflineOptimizer.PartReport::turnaroundProven).mapToInt(OfflineOptimizer.PartReport::requests).sum());
            t.put("parts_improved_by_cp_sat", s.partsTurnaroundImprovedByCpSat());
            m.put("certified_turnaround", t);
        }
        m.put("best_online_heuristic", Map.of("scheduler", s.baseline().policy().label(), "cost", cost(s.baseline().cost(), requests)));
        Map<String, Integer> methods = new TreeMap<>();
        Map<String, Integer> requestsByMethod = new TreeMap<>();
        int provenParts = 0;
        for (OfflineOptimizer.PartReport p : s.parts()) {
            methods.merge(p.method(), 1, Integer::sum);
            requestsByMethod.merge(p.method(), p.requests(), Integer::sum);
            if (p.proven()) provenParts++;
        }
        m.put("busy_periods", Map.of("count", s.parts().size(), "proven", provenParts, "by_method", methods, "requests_by_method", requestsByMethod,
                "largest", s.parts().stream().mapToInt(OfflineOptimizer.PartReport::requests).max().orElse(0)));
        m.put("scored_orders", s.scoredOrders());
        m.put("parts_stopped_by_time_limit", s.partsStoppedByTimeLimit()); // 0: the answer depends on the trace and settings alone
        m.put("cache_hits", s.cacheHits());
        m.put("seconds", s.seconds());
        return m;
    }

    private static Map<String, Object> cost(Cost c, int requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weighted_missed_deadlines", c.weightedMissedDeadlines());
        m.put("antt", c.normalizedTurnaroundSum() / requests);
        return m;
    }

    private static Map<String, Object> gap(Cost found, Cost bound, int requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weighted_missed_deadlines", found.weightedMissedDeadlines() - bound.weightedMissedDeadlines());
        m.put("antt", (found.normalizedTurnaroundSum() - bound.normalizedTurnaroundSum()) / requests);
        m.put("antt_relative", (found.normalizedTurnaroundSum() - bound.normalizedTurnaroundSum()) / bound.normalizedTurnaroundSum());
        return m;
    }

    /** MoCA's optimum, per point: its gap rows (one per online policy; {@value #GAPS_HEADER}) and its best plan. */
    public static final String GAPS = "gaps.csv", PLANS = "plans.csv";
    public static final String GAPS_HEADER = "workload,requests,policy,weighted_misses,sla,mean_normalised_latency,best_weighted_misses,"
            + "best_sla,best_mean_normalised_latency,seed_one_round_weighted_misses,bound_weighted_misses,bound_peak_window_load,gap_to_best,gap_to_bound,best_from,seed_policy,scored_plans,"
            + "stopped_by_time_limit,plan_bound_weighted_misses,plan_bound_status,certified_lower_bound,certified_gap,misses_proven_optimal";
    public static final String PLANS_HEADER = "workload,executed_as,sub_group,position,request";

    static Map<String, byte[]> planFiles(MocaOptimum.TraceResult r) {
        StringBuilder gaps = new StringBuilder(GAPS_HEADER).append('\n');
        for (MocaOptimum.PolicyResult p : r.online()) {
            gaps.append(String.join(",", r.trace().name(), Integer.toString(r.trace().size()), p.policy(),
                    Long.toString(p.cost().weightedMisses()), num(p.sla()), num(p.cost().meanNormalisedLatency()),
                    Long.toString(r.best().weightedMisses()), num(r.bestSla()), num(r.best().meanNormalisedLatency()),
                    Long.toString(r.seedOneRound().weightedMisses()), Long.toString(r.bound().weightedMisses()),
                    num(r.bound().peakWindowLoad()), Long.toString(p.cost().weightedMisses() - r.best().weightedMisses()),
                    Long.toString(p.cost().weightedMisses() - r.bound().weightedMisses()),
                    r.bestFrom().replace(' ', ':'), r.seedPolicy(), Long.toString(r.search().scoreCalculations()),
                    Boolean.toString(r.search().stoppedByTimeLimit()), certificateFields(r))).append('\n');
        }
        // the best plan: sub-group, position, request index (within the planned trace or window)
        StringBuilder plans = new StringBuilder(PLANS_HEADER).append('\n');
        int[][] orders = r.bestPlan().orders();
        for (int k = 0; k < orders.length; k++) {
            for (int i = 0; i < orders[k].length; i++) {
                plans.append(r.trace().name()).append(',').append(r.seedPolicy()).append(',').append(k).append(',').append(i).append(',')
                        .append(orders[k][i]).append('\n');
            }
        }
        return Map.of(GAPS, gaps.toString().getBytes(StandardCharsets.UTF_8), PLANS, plans.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** plan_bound_weighted_misses .. misses_proven_optimal; without a certificate only the every-schedule bound can prove. */
    private static String certificateFields(MocaOptimum.TraceResult r) {
        MocaCertificate c = r.certificate();
        if (c == null) {
            long gap = r.best().weightedMisses() - r.bound().weightedMisses();
            return ",," + r.bound().weightedMisses() + "," + gap + "," + (gap <= 0 ? "every schedule" : "no");
        }
        return String.join(",", Long.toString(c.planFamily().weightedMisses()), c.planFamily().status(), Long.toString(c.familyLowerBound()),
                Long.toString(c.gap()), c.provenWords());
    }

    private static String num(double v) { return String.format(java.util.Locale.ROOT, "%.6f", v); }
}
