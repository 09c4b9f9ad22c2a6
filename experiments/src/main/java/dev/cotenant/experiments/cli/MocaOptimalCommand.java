package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.FolderLock;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.spec.OptimumArtefacts;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.MocaSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.setting.MocaSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cotenant moca-optimal}: the offline optimum of the MoCA runtime's decisions on the rebuilt
 * multi-tile model (which sub-group serves each request, in what order), the gap of every online
 * policy to the best plan found and to a bound no schedule can beat. A spec builder over the one
 * runner: a {@code setting: moca} experiment (one point per trace or window; the online policies, then
 * an {@code optimum} entry holding the plan search's budget), whose optimum keeps each point's gap rows
 * and best plan ({@link OptimumArtefacts}); {@code gaps.csv}, {@code plans.csv} and the table are a
 * report over those files.
 */
@Command(name = "moca-optimal", mixinStandardHelpOptions = true,
        description = {"Search the best plan (sub-group and order of every request) for MoCA traces with OptaPlanner, started from a "
                + "CP-SAT plan or the best online policy's, bound the priority-weighted misses of any schedule and (CP-SAT) of any plan, and say "
                + "what is proven. Runs a MoCA experiment into OUT (metrics.csv, "
                + "manifest.json; a rerun resumes), then writes OUT/gaps.csv and OUT/plans.csv (see docs/moca-optimal.md). Physical runtime only."})
public final class MocaOptimalCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (a rerun of the same command resumes it).")
    Path out;

    @Option(names = "--force", description = "Discard results of an earlier 'cotenant moca-optimal' run in OUT instead of resuming or refusing them.")
    boolean force;

    @Mixin EngineSettings engine;

    @Spec CommandSpec spec;

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
            description = "CP-SAT's deterministic time units per solve of the plan bound and of each starting plan (about a second of one "
                    + "core; the answer does not depend on the machine). Default: ${DEFAULT-VALUE}.")
    double certifyLimit;

    @Option(names = "--no-certify", description = "Skip CP-SAT: no starting plans for the search, and the best plan bounded by the every-schedule bound alone.")
    boolean noCertify;

    static final long DEFAULT_MOVES = 2_000;
    /** The optimum entry's label. */
    static final String LABEL = "optimal";

    @Override
    public Integer call() throws Exception {
        SweepEngine sweepEngine = engine.sweepEngine(); // before any folder is made
        List<String> names = policies == null ? MocaPolicies.names() : MocaCommand.list(policies);
        List<PolicySpec> entries = new ArrayList<>();
        for (String p : names) {
            if (!MocaPolicies.names().contains(p)) {
                throw BadInputException.at("--policies", "unknown MoCA policy '" + p + "'; known: " + String.join(", ", MocaPolicies.names()));
            }
            entries.add(new PolicySpec(p, null, "published", null, null, null, new PolicySpec.Vector(p, MocaPolicies.space(p), MocaPolicies.defaults(p))));
        }
        if (names.stream().noneMatch(MocaPolicies::usesSubGroups)) throw BadInputException.at("--policies", "need a policy on 2-tile sub-groups (not only prema)");
        if (moves != null && moves < 1) throw BadInputException.at("--moves", "must be >= 1, got " + moves);
        if (timeLimitSeconds != null && (!(timeLimitSeconds > 0) || timeLimitSeconds.isInfinite())) {
            throw BadInputException.at("--time-limit", "must be a finite number > 0");
        }
        if (!noCertify && (!(certifyLimit > 0) || Double.isInfinite(certifyLimit))) throw BadInputException.at("--certify-limit", "must be a finite number > 0");
        // one CP-SAT worker: the plans and the bound are then a function of the trace and the limit (a portfolio is not)
        PolicySpec.Certify certify = noCertify ? null : new PolicySpec.Certify(certifyLimit, 1, 0);
        entries.add(new PolicySpec(LABEL, null, "optimum", null, null,
                PolicySpec.Optimum.mocaPlans(moves != null ? moves : timeLimitSeconds == null ? DEFAULT_MOVES : 0, timeLimitSeconds == null ? 0 : timeLimitSeconds,
                        seed, certify)));
        ExperimentSpec experiment = experiment(entries);
        PrintWriter stdout = spec.commandLine().getOut();
        try (FolderLock lock = ResultFolder.lockExperiment(out)) {
            ExperimentRunner.Outcome outcome = ExperimentRunner.run(experiment, out, new ExperimentRunner.Options(ExperimentCommand.workers(threads),
                    false, spec.root().commandLine().getParseResult().originalArgs(), null, force).withLog(LogStream.of(spec)).withEngine(sweepEngine));
            List<String> gaps = new ArrayList<>(List.of(OptimumArtefacts.GAPS_HEADER)), plans = new ArrayList<>(List.of(OptimumArtefacts.PLANS_HEADER));
            for (SweepPoint p : outcome.workload().points()) { // the report: every point's files, in point order
                Path files = OptimumArtefacts.folder(outcome.store().folder(), LABEL, p.index());
                gaps.addAll(Files.readAllLines(files.resolve(OptimumArtefacts.GAPS)).subList(1, names.size() + 1));
                plans.addAll(Files.readAllLines(files.resolve(OptimumArtefacts.PLANS)).stream().skip(1).toList());
            }
            write(outcome.store().folder().resolve(OptimumArtefacts.GAPS), gaps);
            write(outcome.store().folder().resolve(OptimumArtefacts.PLANS), plans);
            stdout.print(table(gaps, names));
            int byTime = List.of(OptimumArtefacts.GAPS_HEADER.split(",")).indexOf("stopped_by_time_limit");
            if (gaps.stream().skip(1).anyMatch(g -> g.split(",")[byTime].equals("true"))) {
                stdout.println("note: a wall-clock limit ended at least one search, so these plans depend on this machine's speed");
            }
            stdout.printf(Locale.ROOT, "%d traces in %.1f s; wrote %s%n", outcome.pointsTotal(), outcome.wallSeconds(), outcome.store().folder());
        }
        stdout.flush();
        return 0;
    }

    /** The experiment these options stand for: sets x QoS scales (the artifact's seed) or trace files, each cut into its windows. */
    private ExperimentSpec experiment(List<PolicySpec> entries) {
        List<String> workloads = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        if (!traces.isEmpty()) {
            if (scenarios != null) throw BadInputException.at("--trace", "give --trace or --scenarios, not both");
            for (Path t : traces) {
                MocaTraces.read(t); // a bad file is named as the user gave it
                workloads.add(t.toAbsolutePath().normalize().toString());
            }
        } else {
            MocaCommand.setsAndScales(scenarios, workloads, scales);
        }
        if (requests != null && requests < 1) throw BadInputException.at("--requests", "must be >= 1, got " + requests);
        if (windows != null && requests == null) throw BadInputException.at("--windows", "needs --requests (the window length)");
        if (requests != null) {
            List<String> cut = new ArrayList<>(), starts = windows == null ? List.of("0") : MocaCommand.list(windows);
            if (starts.isEmpty()) throw BadInputException.at("--windows", "is empty");
            for (String w : workloads) {
                for (String s : starts) {
                    try {
                        int from = Integer.parseInt(s);
                        cut.add(MocaSetting.window(w, from, from + requests - 1));
                    } catch (NumberFormatException e) {
                        throw BadInputException.at("--windows", "'" + s + "' is not an integer");
                    }
                }
            }
            workloads = cut;
        }
        // seed 777 is the artifact generator's own: these are MoCA's traces (a trace file keeps its own targets: scale 1, no seed)
        ExperimentSpec.SweepSpec sweep = traces.isEmpty() ? new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(), scales, List.of(777L))
                : new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(), List.of(1.0), List.of(0L));
        return new ExperimentSpec("moca-optimal", "MoCA's online policies against the best plan found", "MoCA (HPCA 2023), offline optimum", "",
                MocaSpec.workload(workloads, 0, false), KernelOptions.PUBLISHED, entries, sweep,
                List.of(Metric.SLA_SATISFACTION, Metric.PRIORITY_WEIGHTED_VIOLATION_RATE));
    }

    private static void write(Path file, List<String> lines) throws IOException {
        AtomicFiles.write(file, w -> {
            for (String line : lines) w.write(line + "\n");
        });
    }

    /** Markdown over gaps.csv's rows: per trace, each policy's weighted misses and SLA, then the best plan and the bound. */
    static String table(List<String> gaps, List<String> names) {
        List<String> header = List.of(gaps.get(0).split(","));
        StringBuilder b = new StringBuilder("| trace | n |");
        for (String p : names) b.append(' ').append(p).append(" |");
        b.append(" seed as one round | best plan | bound | plan bound | proven | best from |\n|---|---|");
        for (int i = 0; i < names.size() + 6; i++) b.append("---|");
        b.append('\n');
        for (int row = 1; row < gaps.size(); row += names.size()) {
            String[] first = gaps.get(row).split(",");
            b.append("| ").append(first[0]).append(" | ").append(first[1]).append(" |");
            for (int p = 0; p < names.size(); p++) {
                String[] f = gaps.get(row + p).split(",");
                b.append(String.format(Locale.ROOT, " %s (%.3f) |", f[header.indexOf("weighted_misses")], Double.parseDouble(f[header.indexOf("sla")])));
            }
            String planBound = first[header.indexOf("plan_bound_weighted_misses")];
            b.append(String.format(Locale.ROOT, " %s | %s (%.3f) | %s | %s | %s | %s |%n", first[header.indexOf("seed_one_round_weighted_misses")],
                    first[header.indexOf("best_weighted_misses")], Double.parseDouble(first[header.indexOf("best_sla")]),
                    first[header.indexOf("bound_weighted_misses")], planBound.isEmpty() ? "-" : planBound,
                    first[header.indexOf("misses_proven_optimal")], first[header.indexOf("best_from")].replace(':', ' ')));
        }
        b.append("cells: priority-weighted misses (SLA); seed as one round = the seed policy's realised plan without its round barriers; "
                + "best plan = OptaPlanner search from CP-SAT's plan or the seed policy's, or that policy's own plan if better; bound = valid for "
                + "every schedule; plan bound = CP-SAT, valid for every run of the seed policy on 2-tile sub-groups; proven = over what the "
                + "best plan's misses are optimal\n");
        return b.toString();
    }
}
