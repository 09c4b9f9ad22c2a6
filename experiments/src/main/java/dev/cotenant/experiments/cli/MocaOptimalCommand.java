package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.search.optimal.moca.MocaCertificate;
import dev.cotenant.search.optimal.moca.MocaOptimum;
import dev.cotenant.search.optimal.moca.MocaOptimum.PolicyResult;
import dev.cotenant.search.optimal.moca.MocaOptimum.TraceResult;
import dev.cotenant.search.optimal.moca.MocaPlanSearch;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code cotenant moca-optimal}: the offline optimum of the MoCA runtime's decisions on the rebuilt
 * multi-tile model (which sub-group serves each request, in what order), the gap of every online
 * policy to the best plan found and to a bound no schedule can beat. The work is
 * {@link MocaOptimum}'s; this class reads options and writes the result folder.
 */
@Command(name = "moca-optimal", mixinStandardHelpOptions = true,
        description = {"Search the best plan (sub-group and order of every request) for MoCA traces with OptaPlanner, seeded by the best "
                + "online policy, and bound the priority-weighted misses of any schedule. Writes OUT/gaps.csv, OUT/plans.csv and "
                + "OUT/run.json (see docs/moca-optimal.md). Physical runtime only."})
public final class MocaOptimalCommand extends FolderCommand {
    @Option(names = "--scenarios", paramLabel = "LIST",
            description = "Artifact traces moca-SET-QOS, SET in a,b,c and QOS in h,m,l (default: all nine). Not with --trace.")
    String scenarios;

    @Option(names = "--trace", paramLabel = "FILE", description = "Trace files instead (repeatable), layout " + MocaTraces.HEADER + ".")
    List<Path> traces = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "N", description = "Plan windows of N consecutive requests (default: the whole trace).")
    Integer requests;

    @Option(names = "--windows", paramLabel = "LIST", description = "Start indices of the windows (0-based, comma-separated; default: 0). "
            + "Each window's arrivals are shifted to start at 0.")
    String windows;

    @Option(names = "--policies", paramLabel = "LIST", description = "Online policies to compare (default: all). The best of those on 2-tile "
            + "sub-groups (all but prema) seeds the search and executes its plans.")
    String policies;

    @Option(names = "--moves", paramLabel = "M", description = "Scored plans per trace (each one runtime run); deterministic. Default 2000 "
            + "unless --time-limit is given.")
    Long moves;

    @Option(names = "--time-limit", paramLabel = "S", description = "Wall-clock seconds per trace; the result then depends on the machine "
            + "(flagged in gaps.csv and run.json).")
    Double timeLimitSeconds;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Random seed of the search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Traces searched in parallel (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--certify-limit", defaultValue = "" + OptimalSettings.DEFAULT_CERTIFY_LIMIT, paramLabel = "UNITS",
            description = "CP-SAT's deterministic time units for the plan bound of each trace (about a second of one core; the answer does "
                    + "not depend on the machine). Default: ${DEFAULT-VALUE}.")
    double certifyLimit;

    @Option(names = "--no-certify", description = "Skip the CP-SAT plan bound: the best plan is bounded by the every-schedule bound alone.")
    boolean noCertify;

    /** Late acceptance history: long enough to cross plateaus of equal misses, short enough for a few thousand moves. */
    static final int LATE_ACCEPTANCE = 50;
    static final long DEFAULT_MOVES = 2_000;

    public static final String GAPS_HEADER = "workload,requests,policy,weighted_misses,sla,mean_normalised_latency,best_weighted_misses,"
            + "best_sla,best_mean_normalised_latency,seed_one_round_weighted_misses,bound_weighted_misses,bound_peak_window_load,gap_to_best,gap_to_bound,best_from,seed_policy,scored_plans,"
            + "stopped_by_time_limit,plan_bound_weighted_misses,plan_bound_status,certified_lower_bound,certified_gap,misses_proven_optimal";

    @Override
    String kind() { return "moca-optimal"; }

    @Override
    Path[] inputs() { return traces.toArray(Path[]::new); }

    @Override
    Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        List<String> names = policies == null ? MocaPolicies.names() : list(policies, "--policies");
        for (String p : names) {
            if (!MocaPolicies.names().contains(p)) {
                throw BadInputException.at("--policies", "unknown MoCA policy '" + p + "'; known: " + String.join(", ", MocaPolicies.names()));
            }
        }
        if (names.stream().noneMatch(MocaPolicies::usesSubGroups)) throw BadInputException.at("--policies", "need a policy on 2-tile sub-groups (not only prema)");
        MocaPlanSearch.Settings settings = settings();
        List<MocaTrace> planned = planned();
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) throw BadInputException.at("--threads", "must be >= 1");
        long start = System.nanoTime();
        // one CP-SAT worker, seed fixed: the plan bound is a function of the trace and the limit (a portfolio is not)
        if (!noCertify && (!(certifyLimit > 0) || Double.isInfinite(certifyLimit))) throw BadInputException.at("--certify-limit", "must be a finite number > 0");
        CpSat cpSat = noCertify ? null : new CpSat(1, 1, certifyLimit);
        List<TraceResult> results = MocaOptimum.solveAll(planned, names, settings, cpSat, workers);
        double seconds = (System.nanoTime() - start) * 1e-9;
        writeGaps(results, folder.file("gaps.csv"));
        writePlans(results, folder.file("plans.csv"));
        boolean byTime = results.stream().anyMatch(r -> r.search().stoppedByTimeLimit());
        manifest.put("runtime", "physical")
                .put("workloads", planned.stream().map(MocaTrace::toString).toList())
                .put("policies", names)
                .put("moves", settings.scoreCalculations())
                .put("time_limit_seconds", timeLimitSeconds)
                .put("seed", seed)
                .put("machine_dependent", byTime)
                .put("objective", "priority-weighted misses (level + 1), then mean latency / 2-tile isolated time")
                .put("certify_limit", noCertify ? null : certifyLimit)
                .put("wall_seconds", seconds)
                .write(folder.file("run.json"));
        folder.commit();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table(results));
        if (byTime) stdout.println("note: a wall-clock limit ended at least one search, so these plans depend on this machine's speed");
        stdout.printf(Locale.ROOT, "%d traces in %.1f s; wrote %s%n", results.size(), seconds, out.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }

    private MocaPlanSearch.Settings settings() {
        if (moves != null && moves < 1) throw BadInputException.at("--moves", "must be >= 1, got " + moves);
        Duration limit = null;
        if (timeLimitSeconds != null) {
            if (!(timeLimitSeconds > 0) || timeLimitSeconds.isInfinite()) throw BadInputException.at("--time-limit", "must be a finite number > 0");
            limit = Duration.ofMillis(Math.max(1, Math.round(timeLimitSeconds * 1000)));
        }
        Long budget = moves != null ? moves : limit == null ? DEFAULT_MOVES : null;
        return new MocaPlanSearch.Settings(budget, limit, seed, LATE_ACCEPTANCE);
    }

    private List<MocaTrace> planned() {
        List<MocaTrace> whole = new ArrayList<>();
        if (!traces.isEmpty()) {
            if (scenarios != null) throw BadInputException.at("--trace", "give --trace or --scenarios, not both");
            for (Path t : traces) whole.add(MocaTraces.read(t));
        } else {
            for (String name : scenarios == null ? MocaTraces.scenarioNames() : list(scenarios, "--scenarios")) {
                try {
                    whole.add(MocaTraces.scenario(name));
                } catch (BadInputException e) {
                    throw BadInputException.at("--scenarios", e.getMessage());
                }
            }
        }
        if (requests != null && requests < 1) throw BadInputException.at("--requests", "must be >= 1, got " + requests);
        List<Integer> starts = new ArrayList<>();
        if (windows == null) {
            starts.add(0);
        } else {
            if (requests == null) throw BadInputException.at("--windows", "needs --requests (the window length)");
            for (String s : list(windows, "--windows")) {
                try {
                    starts.add(Integer.parseInt(s));
                } catch (NumberFormatException e) {
                    throw BadInputException.at("--windows", "'" + s + "' is not an integer");
                }
            }
        }
        List<MocaTrace> planned = new ArrayList<>();
        for (MocaTrace t : whole) {
            for (int s : starts) planned.add(requests == null ? t : MocaOptimum.window(t, s, requests));
        }
        return planned;
    }

    static void writeGaps(List<TraceResult> results, Path file) throws IOException {
        StringBuilder b = new StringBuilder(GAPS_HEADER).append('\n');
        for (TraceResult r : results) {
            for (PolicyResult p : r.online()) {
                b.append(String.join(",", r.trace().name(), Integer.toString(r.trace().size()), p.policy(),
                        Long.toString(p.cost().weightedMisses()), num(p.sla()), num(p.cost().meanNormalisedLatency()),
                        Long.toString(r.best().weightedMisses()), num(r.bestSla()), num(r.best().meanNormalisedLatency()),
                        Long.toString(r.seedOneRound().weightedMisses()), Long.toString(r.bound().weightedMisses()),
                        num(r.bound().peakWindowLoad()), Long.toString(p.cost().weightedMisses() - r.best().weightedMisses()),
                        Long.toString(p.cost().weightedMisses() - r.bound().weightedMisses()),
                        r.bestFrom().replace(' ', ':'), r.seedPolicy(), Long.toString(r.search().scoreCalculations()),
                        Boolean.toString(r.search().stoppedByTimeLimit()), certificateFields(r))).append('\n');
            }
        }
        Files.writeString(file, b);
    }

    /** plan_bound_weighted_misses .. misses_proven_optimal; without a certificate only the every-schedule bound can prove. */
    private static String certificateFields(TraceResult r) {
        MocaCertificate c = r.certificate();
        if (c == null) {
            long gap = r.best().weightedMisses() - r.bound().weightedMisses();
            return ",," + r.bound().weightedMisses() + "," + gap + "," + (gap <= 0 ? "every schedule" : "no");
        }
        return String.join(",", Long.toString(c.planFamily().weightedMisses()), c.planFamily().status(), Long.toString(c.familyLowerBound()),
                Long.toString(c.gap()), c.provenWords());
    }

    /** The best plan per trace: sub-group, position, request index (within the planned trace or window). */
    static void writePlans(List<TraceResult> results, Path file) throws IOException {
        StringBuilder b = new StringBuilder("workload,executed_as,sub_group,position,request\n");
        for (TraceResult r : results) {
            int[][] orders = r.bestPlan().orders();
            for (int k = 0; k < orders.length; k++) {
                for (int i = 0; i < orders[k].length; i++) {
                    b.append(r.trace().name()).append(',').append(r.seedPolicy()).append(',').append(k).append(',').append(i).append(',')
                            .append(orders[k][i]).append('\n');
                }
            }
        }
        Files.writeString(file, b);
    }

    /** Markdown: per trace, each policy's weighted misses and SLA, then the best plan and the bound. */
    static String table(List<TraceResult> results) {
        if (results.isEmpty()) return "";
        List<String> names = results.get(0).online().stream().map(PolicyResult::policy).toList();
        StringBuilder b = new StringBuilder("| trace | n |");
        for (String p : names) b.append(' ').append(p).append(" |");
        b.append(" seed as one round | best plan | bound | plan bound | proven | best from |\n|---|---|");
        for (int i = 0; i < names.size() + 6; i++) b.append("---|");
        b.append('\n');
        for (TraceResult r : results) {
            b.append("| ").append(r.trace().name()).append(" | ").append(r.trace().size()).append(" |");
            for (PolicyResult p : r.online()) b.append(String.format(Locale.ROOT, " %d (%.3f) |", p.cost().weightedMisses(), p.sla()));
            MocaCertificate c = r.certificate();
            b.append(String.format(Locale.ROOT, " %d | %d (%.3f) | %d | %s | %s | %s |%n", r.seedOneRound().weightedMisses(),
                    r.best().weightedMisses(), r.bestSla(), r.bound().weightedMisses(),
                    c == null ? "-" : Long.toString(c.planFamily().weightedMisses()), c == null ? "-" : c.provenWords(), r.bestFrom()));
        }
        b.append("cells: priority-weighted misses (SLA); seed as one round = the seed policy's realised plan without its round barriers; best plan = OptaPlanner search seeded by the best sub-group policy, or that policy's own plan if better; "
                + "bound = valid for every schedule; plan bound = CP-SAT, valid for every run of the seed policy on 2-tile sub-groups; proven = over what the best plan's misses are optimal\n");
        return b.toString();
    }

    private static String num(double v) { return String.format(Locale.ROOT, "%.6f", v); }

    private static List<String> list(String csv, String option) {
        List<String> items = Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (items.isEmpty()) throw BadInputException.at(option, "is empty");
        return items;
    }

}
