package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.moca.MocaStudy;
import dev.cotenant.experiments.moca.MocaStudy.Candidate;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.policy.ParameterSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cotenant moca}: MoCA's policies and baselines on the rebuilt multi-tile model
 * ({@code dev.cotenant.simulator.moca}), on the artifact's traces or on trace files; the work is
 * {@link MocaStudy}'s, this class only reads options and writes the result folder.
 */
@Command(name = "moca", mixinStandardHelpOptions = true,
        description = {"Run MoCA and its baselines on the multi-tile model of MoCA's 8-tile Gemmini SoC: on the artifact's 250-request "
                + "traces of workload sets A/B/C at QoS H/M/L (default), or on your trace files (--trace). Prints SLA, STP and fairness "
                + "per trace and MoCA's ratio to each baseline beside the paper's headline; writes OUT/metrics.csv, OUT/requests.csv, "
                + "OUT/ratios.csv and OUT/run.json (see docs/moca.md)."})
public final class MocaCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (replaced atomically on success).")
    Path out;

    @Option(names = "--scenarios", paramLabel = "LIST",
            description = "Artifact traces moca-SET-QOS, SET in a,b,c and QOS in h,m,l (default: all nine). Not with --trace.")
    String scenarios;

    @Option(names = "--loads", paramLabel = "LIST",
            description = "Run each scenario with its arrivals stretched to these offered loads of four 2-tile partitions (a list such as 0.6,0.8 or 0.5:1.0:0.1; default: the artifact's own spacing).")
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

    @Mixin ForceOption force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        try (ResultFolder folder = ResultFolder.claim(out, "moca", force.force, traces.toArray(Path[]::new))) {
            return run(manifest, folder);
        }
    }

    private Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        List<Candidate> candidates = candidates();
        if (candidates.stream().noneMatch(c -> c.label().equals(subject))) {
            throw BadInputException.at("--subject", "'" + subject + "' is not among --policies "
                    + candidates.stream().map(Candidate::label).toList());
        }
        List<MocaStudy.Workload> workloads = workloads();
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long start = System.nanoTime();
        List<MocaStudy.Row> rows = MocaStudy.run(workloads, candidates, artifactRuntime, workers);
        double seconds = (System.nanoTime() - start) * 1e-9;
        List<MocaStudy.Ratio> ratios = MocaStudy.ratios(rows, subject);
        {
            MocaStudy.writeMetrics(rows, folder.file("metrics.csv"));
            MocaStudy.writeRequests(rows, folder.file("requests.csv"));
            MocaStudy.writeRatios(ratios, folder.file("ratios.csv"));
            Map<String, Object> policyParameters = new LinkedHashMap<>();
            for (Candidate c : candidates) {
                Map<String, Double> values = new LinkedHashMap<>();
                ParameterSpace space = MocaPolicies.space(c.policy());
                for (int i = 0; i < space.size(); i++) values.put(space.get(i).name(), c.parameters()[i]);
                policyParameters.put(c.label(), values);
            }
            manifest.put("runtime", artifactRuntime ? "artifact (as written)" : "physical")
                    .put("workloads", workloads.stream().map(w -> w.trace().toString()).toList())
                    .put("policies", policyParameters).put("subject", subject).put("wall_seconds", seconds)
                    .write(folder.file("run.json"));
            folder.commit();
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(MocaStudy.table(rows));
        if (candidates.size() > 1) stdout.print(MocaStudy.paperComparison(ratios, subject));
        stdout.printf("%d runs in %.2f s (%s runtime); wrote %s%n", rows.size(), seconds,
                artifactRuntime ? "artifact" : "physical", out.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }

    private List<MocaStudy.Workload> workloads() {
        List<Double> loadList = loads == null ? List.of() : NumberSyntax.list("--loads", loads);
        for (double v : loadList) {
            if (!(v > 0) || Double.isInfinite(v)) throw BadInputException.at("--loads", v + " must be a finite number > 0");
        }
        if (!traces.isEmpty()) {
            if (scenarios != null) throw BadInputException.at("--trace", "give --trace or --scenarios, not both");
            if (loads != null) throw BadInputException.at("--loads", "applies to --scenarios, not to --trace files");
            List<MocaStudy.Workload> workloads = new ArrayList<>();
            for (Path t : traces) workloads.add(new MocaStudy.Workload(t.getFileName().toString(), MocaTraces.read(t)));
            return workloads;
        }
        return MocaStudy.scenarios(scenarios == null ? MocaTraces.scenarioNames() : list(scenarios), loadList);
    }

    /** The policies with their --param overrides; every name and value is checked before any run. */
    private List<Candidate> candidates() {
        List<String> names = policies == null ? MocaPolicies.names() : list(policies);
        if (names.isEmpty()) throw BadInputException.at("--policies", "must name at least one policy");
        Map<String, double[]> vectors = new LinkedHashMap<>();
        for (String name : names) {
            if (!MocaPolicies.names().contains(name)) {
                throw BadInputException.at("--policies", "unknown MoCA policy '" + name + "'; known: " + String.join(", ", MocaPolicies.names()));
            }
            if (vectors.put(name, MocaPolicies.defaults(name)) != null) throw BadInputException.at("--policies", "'" + name + "' is listed twice");
        }
        for (String p : parameters) {
            int dot = p.indexOf('.');
            int eq = p.indexOf('=');
            if (dot <= 0 || eq < dot + 2) throw BadInputException.at("--param", "expected POLICY.NAME=VALUE, got '" + p + "'");
            String policy = p.substring(0, dot);
            double[] vector = vectors.get(policy);
            if (vector == null) throw BadInputException.at("--param", "'" + policy + "' is not among --policies " + vectors.keySet());
            int index;
            try {
                index = MocaPolicies.space(policy).indexOf(policy, p.substring(dot + 1, eq));
            } catch (BadInputException e) {
                throw BadInputException.at("--param", e.getMessage());
            }
            try {
                vector[index] = Double.parseDouble(p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw BadInputException.at("--param", "'" + p.substring(eq + 1) + "' is not a number in '" + p + "'");
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, double[]> e : vectors.entrySet()) {
            try {
                candidates.add(new Candidate(e.getKey(), e.getKey(), e.getValue()));
            } catch (BadInputException ex) {
                throw BadInputException.at("--param", ex.getMessage());
            }
        }
        return candidates;
    }

    private static List<String> list(String csv) { return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(); }
}
