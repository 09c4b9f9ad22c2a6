package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.report.MocaRatios;
import dev.cotenant.experiments.report.MocaRequests;
import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.MocaSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaTraces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code cotenant moca}: a spec builder over the one runner. Its options become a {@code setting:
 * moca} experiment spec (sets x QoS scales, or trace files; loads; policies with parameters), which
 * {@link ExperimentRunner} runs into the usual result folder (metrics.csv, manifest.json, report);
 * MoCA's ratio to each baseline beside the paper's headline is then a report over the stored rows
 * ({@link MocaRatios}).
 */
@Command(name = "moca", mixinStandardHelpOptions = true,
        description = {"Run MoCA and its baselines on the multi-tile model of MoCA's 8-tile Gemmini SoC: on the artifact's 250-request "
                + "traces of workload sets A/B/C at QoS H/M/L (default), or on your trace files (--trace). Builds a 'setting: moca' "
                + "experiment spec and runs it like 'cotenant experiment run': OUT gets metrics.csv, manifest.json, report.html, plots/ and requests.csv, "
                + "and a rerun resumes. Prints SLA, STP and fairness per condition and MoCA's ratio to each baseline beside the paper's "
                + "headline (see docs/moca.md)."})
public final class MocaCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (a rerun of the same command resumes it).")
    Path out;

    @Option(names = "--scenarios", paramLabel = "LIST",
            description = "Artifact traces moca-SET-QOS, SET in a,b,c and QOS in h,m,l (default: all nine); every combination of the "
                    + "sets and QoS levels named must be listed (the spec sweeps sets x QoS). Not with --trace.")
    String scenarios;

    @Option(names = "--loads", paramLabel = "LIST",
            description = "Run each trace with its arrivals stretched to these offered loads of four 2-tile partitions (a list such as "
                    + "0.6,0.8 or 0.5:1.0:0.1; default: each trace as generated).")
    String loads;

    @Option(names = "--trace", paramLabel = "FILE", description = "Run on these trace files instead (repeatable), layout "
            + MocaTraces.HEADER + "; priority = MoCA level + 1; models resnet50 alexnet googlenet squeezenet kwsnet yolov2 yololite.")
    List<Path> traces = new ArrayList<>();

    @Option(names = "--policies", paramLabel = "LIST", description = "Policies, comma-separated: moca, moca-no-throttle, static-partition, prema, planaria, moca-dysta (default: all).")
    String policies;

    @Option(names = "--subject", defaultValue = "moca", paramLabel = "POLICY", description = "Policy whose ratios to the others are reported (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--param", paramLabel = "POLICY.NAME=VALUE", description = "Replace a policy parameter, e.g. moca.budget=120 (repeatable).")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--artifact-runtime", description = "Reproduce the artifact's runtime as written (look-ahead starts, latency floor, "
            + "resumption-threshold defect, the metric script's index shift) instead of the physical runtime.")
    boolean artifactRuntime;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--force", description = "Discard results of an earlier 'cotenant moca' run in OUT instead of resuming or refusing them.")
    boolean force;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin EngineSettings engine;

    @Spec CommandSpec spec;

    /** The per-request report beside the result layout (docs/moca-firesim-validation.py reads it). */
    static final String REQUESTS = "requests.csv";

    @Override
    public Integer call() throws Exception {
        int workers = ExperimentCommand.workers(threads);
        SweepEngine sweepEngine = engine.sweepEngine();
        ExperimentSpec experiment = experiment();
        if (experiment.policyLabels().stream().noneMatch(subject::equals)) {
            throw BadInputException.at("--subject", "'" + subject + "' is not among --policies " + experiment.policyLabels());
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        ExperimentCommand.runAndReport(experiment, out, new ExperimentRunner.Options(workers, !noProgress,
                spec.root().commandLine().getParseResult().originalArgs(), null, force).withLog(LogStream.of(spec)).withEngine(sweepEngine), stdout);
        List<dev.cotenant.experiments.results.ExperimentRow> rows = ExperimentStore.open(out, experiment).rows();
        MocaRequests.write(experiment, rows, out.resolve(REQUESTS), workers);
        if (experiment.policyLabels().size() > 1) stdout.print(MocaRatios.table(rows, subject));
        stdout.flush();
        return 0;
    }

    /** The spec these options stand for, as a {@code setting: moca} spec file would give it (the same fingerprint: MocaCommandTest). */
    ExperimentSpec experiment() {
        List<String> workloads = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        if (!traces.isEmpty()) {
            if (scenarios != null) throw BadInputException.at("--trace", "give --trace or --scenarios, not both");
            Set<String> labels = new HashSet<>();
            for (Path t : traces) {
                MocaTraces.read(t); // a bad file is named as the user gave it
                String problem = PolicySpec.labelProblem(t.getFileName().toString(), labels);
                if (problem != null) throw BadInputException.at("--trace", "trace file name: " + problem);
                workloads.add(t.toAbsolutePath().normalize().toString());
            }
        } else {
            setsAndScales(scenarios, workloads, scales);
        }
        List<Double> offered = loads == null ? List.of() : NumberSyntax.positives("--loads", loads);
        // seed 777 is the artifact generator's own: these are MoCA's traces; a trace file keeps its own targets (scale 1) and arrivals
        ExperimentSpec.SweepSpec sweep = new ExperimentSpec.SweepSpec(offered.isEmpty() ? ExperimentSpec.LoadAxis.SCENARIO
                : ExperimentSpec.LoadAxis.OFFERED_LOAD, offered, traces.isEmpty() ? scales : List.of(1.0), List.of(traces.isEmpty() ? 777L : 0L));
        List<PolicySpec> entries = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> p : policyParameters().entrySet()) {
            ParameterSpace space = MocaPolicies.space(p.getKey());
            double[] values = space.defaults();
            p.getValue().forEach((name, value) -> values[space.indexOf(p.getKey(), name)] = value);
            PolicySpec.Vector vector;
            try {
                vector = new PolicySpec.Vector(p.getKey(), space, values);
            } catch (BadInputException e) {
                throw BadInputException.at("--param", e.getMessage());
            }
            entries.add(new PolicySpec(p.getKey(), null, p.getValue().isEmpty() ? "published" : "overrides", null, null, null, vector));
        }
        return new ExperimentSpec("moca", "MoCA and its baselines on the multi-tile model", "MoCA (HPCA 2023), Figs. 7-9 and the abstract's headline ratios",
                "", MocaSpec.workload(workloads, MocaTraces.REQUESTS, artifactRuntime), KernelOptions.PUBLISHED, entries, sweep,
                List.of(Metric.SLA_SATISFACTION, Metric.SLA_SATISFACTION_PRIORITY_9_11, Metric.MOCA_STP, Metric.MOCA_STP_AS_WRITTEN,
                        Metric.FAIRNESS, Metric.MOCA_FAIRNESS_AS_WRITTEN));
    }

    /** The policies and their --param overrides (names and numbers checked here, bounds by the policy's vector). */
    private Map<String, Map<String, Double>> policyParameters() {
        List<String> names = policies == null ? MocaPolicies.names() : list(policies);
        if (names.isEmpty()) throw BadInputException.at("--policies", "must name at least one policy");
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String name : names) {
            if (!MocaPolicies.names().contains(name)) {
                throw BadInputException.at("--policies", "unknown MoCA policy '" + name + "'; known: " + String.join(", ", MocaPolicies.names()));
            }
            if (out.put(name, new LinkedHashMap<>()) != null) throw BadInputException.at("--policies", "'" + name + "' is listed twice");
        }
        for (String p : parameters) {
            int dot = p.indexOf('.');
            int eq = p.indexOf('=');
            if (dot <= 0 || eq < dot + 2) throw BadInputException.at("--param", "expected POLICY.NAME=VALUE, got '" + p + "'");
            Map<String, Double> values = out.get(p.substring(0, dot));
            if (values == null) throw BadInputException.at("--param", "'" + p.substring(0, dot) + "' is not among --policies " + out.keySet());
            String name = p.substring(dot + 1, eq);
            try {
                MocaPolicies.space(p.substring(0, dot)).indexOf(p.substring(0, dot), name);
                values.put(name, Double.parseDouble(p.substring(eq + 1)));
            } catch (BadInputException e) {
                throw BadInputException.at("--param", e.getMessage());
            } catch (NumberFormatException e) {
                throw BadInputException.at("--param", "'" + p.substring(eq + 1) + "' is not a number in '" + p + "'");
            }
        }
        return out;
    }

    /**
     * The artifact traces {@code --scenarios} names (null: all nine) as MoCA's sweep takes them: their sets and
     * QoS target scales, every combination of which must be named (the sweep is sets x QoS).
     */
    static void setsAndScales(String scenarios, List<String> sets, List<Double> scales) {
        List<String> names = scenarios == null ? MocaTraces.scenarioNames() : list(scenarios);
        if (names.isEmpty()) throw BadInputException.at("--scenarios", "must name at least one scenario");
        for (String name : names) {
            try {
                String set = MocaTraces.setOf(name).letter();
                double scale = MocaSpec.qosScale(name);
                if (!sets.contains(set)) sets.add(set);
                if (!scales.contains(scale)) scales.add(scale);
            } catch (BadInputException e) {
                throw BadInputException.at("--scenarios", e.getMessage());
            }
        }
        if (sets.size() * scales.size() != names.size()) {
            throw BadInputException.at("--scenarios", "list every combination of the sets " + sets + " and QoS levels it names "
                    + "(the run sweeps sets x QoS), or run one command per set; got " + names);
        }
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
