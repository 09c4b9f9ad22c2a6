package dev.cotenant.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.results.RunTables;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.LayerPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

@Command(name = "optimal", mixinStandardHelpOptions = true,
        description = {"Clairvoyant best schedule of the trace: the best priority order over its requests (run preemptively at layer boundaries by",
                "the same kernel), then per busy period its priority-weighted missed deadlines proven optimal over every kernel schedule or",
                "bracketed (exact preemptive bound and CP-SAT; --no-certify skips it). Writes OUT/metrics.csv and OUT/requests.csv (as 'simulate',",
                "scheduler 'optimal'), OUT/schedule.csv (per request and layer), OUT/busy_periods.csv (per busy period: method, bounds, proven or not),",
                "OUT/summary.json (cost, lower bounds, gaps, what is proven) and OUT/run.json. Physical clock, no switch cost."})
public final class OptimalCommand extends FolderCommand {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS); // same input, same bytes (Map.of iterates in a per-JVM order)

    @Mixin WorkloadSettings workload;
    @Mixin OptimalSettings optimal;

    @Override
    String kind() { return "optimal"; }

    @Override
    Path[] inputs() { return workload.inputs(); }

    @Override
    Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        WorkloadSettings.Workload w = workload.load();
        // a scenario's drop rule is the optimum's too (its schedules run on the same kernel)
        OfflineOptimizer.Settings settings = optimal.toSettings().withDrop(w.drop());
        CompiledTrace trace = w.compiled();
        OfflineOptimizer.Solution solution = OfflineOptimizer.solve(trace, settings, new StderrProgress(spec.commandLine().getErr(), trace.size()));
        RunTables.Row row = new RunTables.Row("optimal", solution.outcome(), RunMetrics.of(trace, solution.outcome()));
        { // the claimed folder: files are staged until the commit
            RunTables.writeMetricsRows(List.of(row), folder.file("metrics.csv"));
            RunTables.writeRequestsRows(List.of(row), trace, folder.file("requests.csv"));
            writeSchedule(trace, solution.layerPlan(), folder.file("schedule.csv"));
            writeCertificates(solution, folder.file("busy_periods.csv"));
            JSON.writeValue(folder.file("summary.json").toFile(), summary(solution, settings, trace.size()));
            manifest.put("workload", w.provenance()).put("optimizer", settings.toString()).write(folder.file("run.json"));
            folder.commit();
        }
        RunTables.printRows(List.of(row), System.out);
        System.out.printf("best online heuristic %s: weighted misses %.0f, antt %.4f; optimal: %.0f, %.4f; %s%n",
                solution.baseline().policy().label(), solution.baseline().cost().weightedMissedDeadlines(),
                solution.baseline().cost().normalizedTurnaroundSum() / trace.size(), solution.cost().weightedMissedDeadlines(),
                solution.cost().normalizedTurnaroundSum() / trace.size(), solution.proven() ? "proven optimal within the family" : "not proven within the family");
        System.out.println(certificateLine(solution));
        System.out.println("wrote " + out.toAbsolutePath().normalize());
        return 0;
    }

    /** One line on what is proven about the weighted misses over every schedule the kernel can run. */
    static String certificateLine(OfflineOptimizer.Solution s) {
        double found = s.cost().weightedMissedDeadlines(), bound = s.certifiedBound().weightedMissedDeadlines();
        int parts = s.parts().size();
        return s.missesProven()
                ? String.format("weighted misses %.0f: proven optimal over every kernel schedule (all %d busy periods)", found, parts)
                : String.format("weighted misses bracketed [%.0f, %.0f] over every kernel schedule (gap %.0f); %d of %d busy periods proven",
                        bound, found, found - bound, s.partsMissesProven(), parts);
    }

    /** {@code busy_periods.csv}: per busy period how it was solved, and what is proven about its weighted misses. */
    static void writeCertificates(OfflineOptimizer.Solution s, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("part,first_request,requests,method,proven_in_family,weighted_missed_deadlines,certified_lower_bound,"
                    + "preemptive_lower_bound,misses_proven_optimal,certificate,turnaround_sum,turnaround_lower_bound,millis,certified_turnaround_bound\n");
            for (OfflineOptimizer.PartReport p : s.parts()) {
                w.write(p.part() + "," + p.firstRequest() + "," + p.requests() + "," + p.method() + "," + p.proven() + ","
                        + p.cost().weightedMissedDeadlines() + "," + p.certifiedBound().weightedMissedDeadlines() + ","
                        + p.relaxationBound().weightedMissedDeadlines() + "," + p.missesProven() + ",\"" + p.certificate() + "\","
                        + p.cost().normalizedTurnaroundSum() + "," + p.certifiedBound().normalizedTurnaroundSum() + "," + p.millis() + ","
                        // empty where the second lexicographic solve did not run
                        + (Double.isNaN(p.turnaroundBound()) ? "" : Double.toString(p.turnaroundBound())) + "\n");
            }
        }
    }

    /** {@code schedule.csv}: every layer the kernel ran for the answer's layer plan, in time order. */
    static void writeSchedule(CompiledTrace trace, int[] layerPlan, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            writer.write("request,layer,start_s,finish_s\n");
            StringBuilder line = new StringBuilder(64);
            IOException[] failure = new IOException[1];
            new TimeMultiplexedKernel().run(trace, new LayerPlan(trace, layerPlan), new dev.cotenant.simulator.kernel.Outcome(),
                    (request, layer, start, end) -> {
                        line.setLength(0);
                        line.append(request).append(',').append(layer).append(',').append(start).append(',').append(end).append('\n');
                        try {
                            writer.append(line);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    });
            if (failure[0] != null) throw failure[0];
        }
    }

    static Map<String, Object> summary(OfflineOptimizer.Solution s, OfflineOptimizer.Settings settings, int requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", settings.objective().describe());
        m.put("family", "fixed priority order over requests, preemptive at layer boundaries, work-conserving (see docs/optimal.md)");
        m.put("requests", requests);
        m.put("optimal", cost(s.cost(), requests));
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

    static Map<String, Object> cost(Cost c, int requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weighted_missed_deadlines", c.weightedMissedDeadlines());
        m.put("antt", c.normalizedTurnaroundSum() / requests);
        return m;
    }

    static Map<String, Object> gap(Cost found, Cost bound, int requests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weighted_missed_deadlines", found.weightedMissedDeadlines() - bound.weightedMissedDeadlines());
        m.put("antt", (found.normalizedTurnaroundSum() - bound.normalizedTurnaroundSum()) / requests);
        m.put("antt_relative", (found.normalizedTurnaroundSum() - bound.normalizedTurnaroundSum()) / bound.normalizedTurnaroundSum());
        return m;
    }

    /**
     * Progress on stderr, at most one line every {@link #INTERVAL_NANOS} (a search improves its best
     * hundreds of times; a line per improvement buried the output): busy periods and requests done,
     * the search under way and its best so far, elapsed time and an ETA from the share of requests
     * done. A period solved by OptaPlanner, and the last period, always get their line.
     */
    static final class StderrProgress implements OfflineOptimizer.Progress {
        static final long INTERVAL_NANOS = 3_000_000_000L;
        private final java.io.PrintWriter err;
        private final int totalRequests;
        private final long startNanos = System.nanoTime();
        private int solvedRequests;
        private long lastPrintNanos = startNanos;

        StderrProgress(java.io.PrintWriter err, int totalRequests) {
            this.err = err;
            this.totalRequests = totalRequests;
        }

        @Override
        public void partSolved(OfflineOptimizer.PartReport r, int partsTotal) {
            solvedRequests += r.requests();
            long now = System.nanoTime();
            if (r.method().equals("optaplanner") || r.part() == partsTotal - 1 || now - lastPrintNanos > INTERVAL_NANOS) {
                err.printf(Locale.ROOT, "optimal: busy period %d/%d (%d requests) by %s%s, weighted misses %.0f (starting order %.0f) %s; %s%n",
                        r.part() + 1, partsTotal, r.requests(), r.method(), r.proven() ? ", proven in family" : "", r.cost().weightedMissedDeadlines(),
                        r.seedCost().weightedMissedDeadlines(), r.missesProven() ? "proven optimal"
                                : String.format(Locale.ROOT, "bracketed [%.0f, %.0f]", r.certifiedBound().weightedMissedDeadlines(),
                                        r.cost().weightedMissedDeadlines()), done(now));
                err.flush();
                lastPrintNanos = now;
            }
        }

        @Override
        public void searching(int part, int requests, Cost best) {
            long now = System.nanoTime();
            if (now - lastPrintNanos <= INTERVAL_NANOS) return;
            err.printf(Locale.ROOT, "optimal: searching busy period %d (%d requests), best so far: weighted misses %.0f, turnaround sum %.3f; %s%n",
                    part + 1, requests, best.weightedMissedDeadlines(), best.normalizedTurnaroundSum(), done(now));
            err.flush();
            lastPrintNanos = now;
        }

        private String done(long now) {
            double elapsed = (now - startNanos) / 1e9;
            String eta = solvedRequests == 0 ? "?" : Math.round(elapsed / solvedRequests * (totalRequests - solvedRequests)) + " s";
            return String.format(Locale.ROOT, "%d/%d requests done, elapsed %d s, ETA %s", solvedRequests, totalRequests, Math.round(elapsed), eta);
        }
    }
}
