package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.MocaResults;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.search.optimal.multitile.ExhaustivePlanSearch;
import dev.cotenant.search.optimal.multitile.MultiTileBound;
import dev.cotenant.search.optimal.multitile.MultiTileObjective;
import dev.cotenant.search.optimal.multitile.MultiTileObjective.Cost;
import dev.cotenant.search.optimal.multitile.MultiTileOptimizer;
import dev.cotenant.search.optimal.multitile.OnlineSeeds;
import dev.cotenant.search.optimal.multitile.PlanFamily;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MocaExperiment;
import dev.cotenant.simulator.multitile.MocaExperiment.Config;
import dev.cotenant.simulator.multitile.MocaExperiment.Row;
import dev.cotenant.simulator.multitile.MocaWorkloads;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.MultiTileWorkload;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.multitile.policy.PlannedSchedule;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios.QoS;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cotenant moca-optimal}: per (set, QoS, seed) trace of {@code cotenant moca}'s generator, the
 * best plan of the multi-tile schedule family ({@link PlannedSchedule}: per request a rank, a tile
 * count and a throttle) found by {@link MultiTileOptimizer}, beside the online policies, all run by
 * the same kernel. Writes OUT/metrics.csv and OUT/ratios.csv in {@code cotenant moca}'s layout
 * (policy {@value PlannedSchedule#NAME} is the plan), OUT/schedule.csv (per request: rank, tiles,
 * throttle, start, finish), OUT/summary.json (each instance labelled optimal-in-family or
 * best-found) and OUT/run.json.
 */
@Command(name = "moca-optimal", mixinStandardHelpOptions = true,
        description = {"Best schedule of an explicit plan family for small multi-tile MoCA traces:",
                "per request a rank, a tile count and a throttle level, run by the same kernel as the",
                "online policies. Enumerated when the family is small (label optimal-in-family), else",
                "searched by Jenetics from the online policies' decisions (label best-found).",
                "Writes OUT/metrics.csv and OUT/ratios.csv (as 'moca'; the plan is policy 'planned'),",
                "OUT/schedule.csv, OUT/summary.json and OUT/run.json. See docs/optimal.md."})
public final class MocaOptimalCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (replaced atomically on success).")
    Path out;

    @Option(names = "--sets", defaultValue = "light", paramLabel = "LIST", description = "Workload sets (default: ${DEFAULT-VALUE}).")
    String sets;

    @Option(names = "--qos", defaultValue = "medium", paramLabel = "LIST", description = "QoS levels (default: ${DEFAULT-VALUE}).")
    String qos;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N", description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--requests", defaultValue = "6", paramLabel = "N", description = "Requests per trace (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--policies", paramLabel = "LIST", description = "Online policies to seed from and compare with (default: all).")
    String policies;

    @Option(names = "--time-limit", required = true, paramLabel = "SECONDS", description = "Wall-clock budget of the genetic search, per trace.")
    double timeLimitSeconds;

    @Option(names = "--tile-choices", defaultValue = "1,2,4,8", paramLabel = "LIST", description = "Tile counts a request may get (default: ${DEFAULT-VALUE}).")
    String tileChoices;

    @Option(names = "--throttle-levels", defaultValue = "1,0.25", paramLabel = "LIST",
            description = "Regulator caps a request may get, as shares of the DRAM bandwidth; 1 = none (default: ${DEFAULT-VALUE}).")
    String throttleLevels;

    @Option(names = "--objective", defaultValue = "misses-then-stp", paramLabel = "KIND",
            description = "misses-then-stp (priority-weighted missed deadlines, then STP) or stp-then-misses (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(names = "--exact", description = "Enumerate every plan of the family (proves optimality within it); refuse a trace with more than --exact-max-plans.")
    boolean exact;

    @Option(names = "--exact-max-plans", defaultValue = "2000000", paramLabel = "N", description = "Most plans --exact enumerates (default: ${DEFAULT-VALUE}).")
    double exactMaxPlans;

    @Option(names = "--auto-exact-plans", defaultValue = "100000", paramLabel = "N",
            description = "Without --exact, enumerate anyway when the family has at most N plans; 0 = never (default: ${DEFAULT-VALUE}).")
    double autoExactPlans;

    @Option(names = "--generations", defaultValue = "0", paramLabel = "N", description = "Stop the genetic search after N generations; 0 = only the time limit.")
    long generations;

    @Option(names = "--population", defaultValue = "64", paramLabel = "N", description = "Genetic search population (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--search-seed", defaultValue = "1", paramLabel = "S", description = "Seed of the genetic search (default: ${DEFAULT-VALUE}).")
    long searchSeed;

    @Mixin MultiTileSettings multiTile;

    @Spec CommandSpec spec;

    /** One solved trace. */
    record Instance(String set, String qos, long seed, MultiTileTrace trace, MultiTileOptimizer.Solution solution) {}

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        ResultFolder.checkReplaceable(out); // before the work, not after it
        if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
            throw BadInputException.at("--time-limit", "must be > 0 seconds, got " + timeLimitSeconds);
        }
        Config config = config();
        MultiTileOptimizer.Settings settings = settings(config.policies());
        PrintWriter err = spec.commandLine().getErr();
        record Pending(String set, String qos, long seed, MultiTileTrace trace) {}
        List<Pending> pending = new ArrayList<>();
        for (MocaWorkloads.WorkloadSet set : config.workloadSets()) {
            for (QoS q : config.qosLevels()) {
                Scenario scenario = MocaWorkloads.scenario(set, q);
                MultiTileWorkload workload = MocaExperiment.workload(config, scenario);
                double offered = config.offeredLoad() == Config.SCENARIO_LOAD ? scenario.offeredLoad() : config.offeredLoad();
                for (long seed : config.seeds()) {
                    MultiTileTrace trace = MocaWorkloads.trace(workload, scenario, config.requestsPerTrace(), offered, config.requestTiles(), seed);
                    pending.add(new Pending(set.label(), q.name().toLowerCase(Locale.ROOT), seed, trace));
                }
            }
        }
        // Every refusal before any search, so bad input ends with one line and nothing else.
        for (Pending p : pending) {
            PlanFamily family = PlanFamily.of(settings.tileChoices(), settings.throttleLevels(), p.trace());
            if (exact) ExhaustivePlanSearch.checkSize(family, p.trace().size(), exactMaxPlans);
        }
        List<Instance> instances = new ArrayList<>();
        long start = System.nanoTime();
        for (Pending p : pending) {
            MultiTileTrace trace = p.trace();
            String what = p.set() + "/" + p.qos() + "/seed " + p.seed();
            err.printf("%s: %d requests, %.3g plans in the family%n", what, trace.size(),
                    PlanFamily.of(settings.tileChoices(), settings.throttleLevels(), trace).planCount(trace.size()));
            MultiTileOptimizer.Solution s = MultiTileOptimizer.solve(trace, settings, new StderrProgress(err, what));
            err.printf("%s: %s by %s, weighted misses %.0f, STP %.4f (best online %s: %.0f, %.4f), %.1f s%n", what, s.label(), s.method(),
                    s.cost().weightedMissedDeadlines(), s.cost().stp(), s.bestOnline().policy(), s.bestOnline().cost().weightedMissedDeadlines(),
                    s.bestOnline().cost().stp(), s.seconds());
            err.flush();
            instances.add(new Instance(p.set(), p.qos(), p.seed(), trace, s));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        List<Row> rows = rows(instances);
        MultiTileObjective o = settings.objective();
        try (ResultFolder folder = ResultFolder.forCommand(out)) {
            MocaResults.writeMetrics(rows, folder.file("metrics.csv"));
            MocaResults.writeRatios(MocaExperiment.ratios(rows, PlannedSchedule.NAME), folder.file("ratios.csv"));
            writeSchedule(instances, folder.file("schedule.csv"));
            OptimalCommand.JSON.writeValue(folder.file("summary.json").toFile(), summary(instances, settings));
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("objective", o.label());
            search.put("time_limit_seconds_per_trace", timeLimitSeconds);
            search.put("exact", exact);
            search.put("exact_max_plans", exactMaxPlans);
            search.put("auto_exact_plans", autoExactPlans);
            search.put("generations", generations);
            search.put("population", population);
            search.put("search_seed", searchSeed);
            manifest.put("experiment", "moca-optimal").put("config", MocaResults.describe(config)).put("search", search).put("wall_seconds", seconds)
                    .write(folder.file("run.json"));
            folder.commit();
        }
        System.out.println("| set | QoS | seed | label | weighted misses | STP | best online | its misses | its STP | bound: misses >= | STP <= |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Instance i : instances) {
            MultiTileOptimizer.Solution s = i.solution();
            Cost bound = MultiTileBound.of(i.trace());
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %.0f | %.4f | %s | %.0f | %.4f | %.0f | %.4f |%n", i.set(), i.qos(), i.seed(), s.label(),
                    s.cost().weightedMissedDeadlines(), s.cost().stp(), s.bestOnline().policy(), s.bestOnline().cost().weightedMissedDeadlines(),
                    s.bestOnline().cost().stp(), bound.weightedMissedDeadlines(), bound.stp());
            if (s.worseThanBestOnline(o)) {
                System.out.printf("note: %s/%s/seed %d: the family's answer is worse than %s (the family cannot express that policy's run)%n",
                        i.set(), i.qos(), i.seed(), s.bestOnline().policy());
            }
        }
        System.out.printf("%d traces in %.1f s; wrote %s%n", instances.size(), seconds, out.toAbsolutePath().normalize());
        return 0;
    }

    /** The instances the options describe, through {@code cotenant moca}'s own {@link Config} (so its checks and traces). */
    Config config() {
        List<String> online = policies == null ? MultiTilePolicies.names() : list(policies);
        return multiTile.applyTo(Config.defaults())
                .withWorkloadSets(list(sets).stream().map(MocaWorkloads.WorkloadSet::parse).toList())
                .withQosLevels(list(qos).stream().map(MocaWorkloads::parseQos).toList())
                .withPolicies(online).withSeeds(Config.seeds(seeds)).withRequestsPerTrace(requests);
    }

    MultiTileOptimizer.Settings settings(List<String> onlinePolicies) {
        List<Integer> tileList = new ArrayList<>();
        for (String v : list(tileChoices)) {
            try {
                tileList.add(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw BadInputException.at("--tile-choices", "'" + v + "' is not a whole number");
            }
        }
        List<Double> throttleList = new ArrayList<>();
        for (String v : list(throttleLevels)) {
            try {
                throttleList.add(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw BadInputException.at("--throttle-levels", "'" + v + "' is not a number");
            }
        }
        if (!(exactMaxPlans >= 1)) throw BadInputException.at("--exact-max-plans", "must be at least 1, got " + exactMaxPlans);
        if (!(autoExactPlans >= 0)) throw BadInputException.at("--auto-exact-plans", "must be >= 0, got " + autoExactPlans);
        if (generations < 0) throw BadInputException.at("--generations", "must be >= 0, got " + generations);
        return MultiTileOptimizer.Settings.defaults(Duration.ofNanos((long) (timeLimitSeconds * 1e9)))
                .withObjective(MultiTileObjective.parse(objective))
                .withFamily(tileList, throttleList)
                .withExact(exact, exactMaxPlans)
                .withAutoExactMaxPlans(autoExactPlans)
                .withGenetic(generations, 0, population, searchSeed)
                .withOnlinePolicies(onlinePolicies);
    }

    /** Every online policy's run, then the plan's, per instance: {@code cotenant moca}'s rows. */
    static List<Row> rows(List<Instance> instances) {
        List<Row> rows = new ArrayList<>();
        for (Instance i : instances) {
            for (OnlineSeeds o : i.solution().online()) rows.add(new Row(i.set(), i.qos(), o.policy(), i.seed(), o.metrics(), o.events(), Double.NaN));
            MultiTileOptimizer.Solution s = i.solution();
            rows.add(new Row(i.set(), i.qos(), PlannedSchedule.NAME, i.seed(), s.metrics(), s.outcome().events(), s.seconds()));
        }
        return rows;
    }

    static final String SCHEDULE_HEADER = "set,qos,seed,label,request,model,priority,arrival_s,deadline_s,rank,tiles,throttle_share,cap_bytes_per_s,preemptive,start_s,finish_s,met";

    /** {@code schedule.csv}: per instance and request, the plan (rank, tiles, throttle) and what the kernel made of it (first start, finish). */
    static void writeSchedule(List<Instance> instances, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write(SCHEDULE_HEADER + "\n");
            for (Instance i : instances) {
                MultiTileOptimizer.Solution s = i.solution();
                MultiTileTrace t = i.trace();
                for (int r = 0; r < t.size(); r++) {
                    double cap = s.policy().capBytesPerSecond(r);
                    double finish = s.outcome().finishSeconds(r);
                    w.write(String.join(",", i.set(), i.qos(), Long.toString(i.seed()), s.label(), Integer.toString(r), t.workload().modelName(t.model(r)),
                            num(t.priority(r)), num(t.arrivalSeconds(r)), num(t.deadlineSeconds(r)), Integer.toString(s.plan().rank()[r]),
                            Integer.toString(s.policy().tiles(r)), num(s.family().throttleLevels()[s.plan().throttleLevel()[r]]),
                            Double.isInfinite(cap) ? "inf" : num(cap), Boolean.toString(s.plan().preemptive()), num(s.outcome().firstStartSeconds(r)),
                            num(finish), Boolean.toString(dev.cotenant.simulator.multitile.MultiTileMetrics.meetsDeadline(finish, t.deadlineSeconds(r)))) + "\n");
                }
            }
        }
    }

    static Map<String, Object> summary(List<Instance> instances, MultiTileOptimizer.Settings settings) {
        MultiTileObjective o = settings.objective();
        Map<String, Object> m = new LinkedHashMap<>();
        boolean allProven = instances.stream().allMatch(i -> i.solution().label().equals(MultiTileOptimizer.OPTIMAL_IN_FAMILY));
        m.put("label", allProven ? MultiTileOptimizer.OPTIMAL_IN_FAMILY : MultiTileOptimizer.BEST_FOUND);
        m.put("label_meaning", "optimal-in-family: every plan of the family was run and none is better (not a claim about schedules outside it); "
                + "best-found: the best plan the genetic search met, not proven optimal");
        m.put("objective", o.label() + ": " + o.describe());
        m.put("family", instances.isEmpty() ? Map.of() : instances.get(0).solution().family().describe());
        List<Map<String, Object>> list = new ArrayList<>();
        int better = 0, worse = 0;
        for (Instance i : instances) {
            MultiTileOptimizer.Solution s = i.solution();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("set", i.set());
            e.put("qos", i.qos());
            e.put("seed", i.seed());
            e.put("requests", i.trace().size());
            e.put("label", s.label());
            e.put("method", s.method());
            e.put("family_plans", s.familyPlans());
            e.put("plans_scored", s.plansScored());
            e.put("generations", s.generations());
            e.put("kernel_runs", s.kernelRuns());
            e.put("seconds", s.seconds());
            e.put("plan", costMap(s.cost(), s.metrics().slaSatisfactionRate()));
            e.put("best_online", Map.of("policy", s.bestOnline().policy(), "cost", costMap(s.bestOnline().cost(), s.bestOnline().metrics().slaSatisfactionRate())));
            e.put("best_seed_plan", costMap(s.bestSeedCost(), Double.NaN));
            // valid for every schedule the kernel can run, not only the family: see MultiTileBound
            e.put("bound_every_schedule", costMap(MultiTileBound.of(i.trace()), Double.NaN));
            int vs = o.compare(s.cost(), s.bestOnline().cost());
            e.put("vs_best_online", vs < 0 ? "better" : vs == 0 ? "equal" : "worse");
            if (vs < 0) better++;
            if (vs > 0) worse++;
            Map<String, Object> online = new LinkedHashMap<>();
            for (OnlineSeeds x : s.online()) online.put(x.policy(), costMap(x.cost(), x.metrics().slaSatisfactionRate()));
            e.put("online", online);
            list.add(e);
        }
        m.put("instances_better_than_best_online", better);
        m.put("instances_worse_than_best_online", worse);
        m.put("instances", list);
        return m;
    }

    static Map<String, Object> costMap(Cost c, double sla) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weighted_missed_deadlines", c.weightedMissedDeadlines());
        m.put("stp", c.stp());
        if (!Double.isNaN(sla)) m.put("sla_satisfaction", sla);
        return m;
    }

    /** New bests at most every half second, and the enumeration's count, on stderr. */
    static final class StderrProgress implements MultiTileOptimizer.Progress {
        private final PrintWriter err;
        private final String what;
        private long lastNanos;

        StderrProgress(PrintWriter err, String what) {
            this.err = err;
            this.what = what;
        }

        @Override
        public void online(OnlineSeeds best, int policies) {
            err.printf("%s: best of %d online policies is %s, weighted misses %.0f, STP %.4f%n", what, policies, best.policy(),
                    best.cost().weightedMissedDeadlines(), best.cost().stp());
        }

        @Override
        public void newBest(Cost cost) {
            long now = System.nanoTime();
            if (now - lastNanos < 500_000_000L) return;
            lastNanos = now;
            err.printf("%s:   new best, weighted misses %.0f, STP %.4f%n", what, cost.weightedMissedDeadlines(), cost.stp());
        }

        @Override
        public void enumerated(long plans, double total) {
            long now = System.nanoTime();
            if (now - lastNanos < 1_000_000_000L) return;
            lastNanos = now;
            err.printf("%s:   %d of %.0f plans run%n", what, plans, total);
        }
    }

    private static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }

    private static List<String> list(String csv) { return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(); }

}
