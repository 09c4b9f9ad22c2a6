package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.MocaResults;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MocaExperiment;
import dev.cotenant.simulator.multitile.MocaExperiment.Config;
import dev.cotenant.simulator.multitile.MocaExperiment.Row;
import dev.cotenant.simulator.multitile.MocaWorkloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cotenant moca}: MoCA's evaluation on the multi-tile kernel ({@link MocaExperiment}). Builds a
 * {@link Config} from the options ({@link #config()}, which a general experiment runner can reuse) and
 * writes OUT/metrics.csv, OUT/ratios.csv and OUT/run.json through {@link MocaResults}.
 */
@Command(name = "moca", mixinStandardHelpOptions = true,
        description = "MoCA's workload sets x QoS levels x policies x seeds on the multi-tile accelerator; prints MoCA's ratio to each "
                + "baseline beside the paper's, writes OUT/metrics.csv, OUT/ratios.csv and OUT/run.json.")
public final class MocaCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (replaced atomically on success).")
    Path out;

    @Option(names = "--sets", defaultValue = "light,heavy,mixed", paramLabel = "LIST", description = "Workload sets (default: ${DEFAULT-VALUE}).")
    String sets;

    @Option(names = "--qos", defaultValue = "tight,medium,loose", paramLabel = "LIST", description = "QoS levels (default: ${DEFAULT-VALUE}).")
    String qos;

    @Option(names = "--seeds", defaultValue = "5", paramLabel = "N", description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--requests", defaultValue = "300", paramLabel = "N", description = "Requests per trace (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--policies", defaultValue = "static-partition,prema-tm,planaria-fission,moca", paramLabel = "LIST",
            description = "Policies (default: ${DEFAULT-VALUE}); also moca-no-throttle (the throttling ablation), moca-dysta.")
    String policies;

    @Option(names = "--subject", defaultValue = "moca", paramLabel = "POLICY", description = "Policy whose ratios are reported (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--param", paramLabel = "POLICY.NAME=VALUE", description = "Replace a policy parameter, e.g. moca.window_cycles=4096 (repeatable).")
    List<String> parameters = new java.util.ArrayList<>();

    @Mixin MultiTileSettings multiTile;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        ResultFolder.checkReplaceable(out); // before the work, not after it
        Config config = config();
        if (!config.policies().contains(subject)) throw BadInputException.at("--subject", "'" + subject + "' is not among --policies " + config.policies());
        long start = System.nanoTime();
        List<Row> rows = MocaExperiment.run(config);
        double seconds = (System.nanoTime() - start) * 1e-9;
        MocaResults.write(out, config, rows, subject, manifest.put("wall_seconds", seconds));
        List<MocaExperiment.Ratio> ratios = MocaExperiment.ratios(rows, subject);
        System.out.print(MocaExperiment.paperComparison(ratios));
        System.out.printf("%d runs in %.1f s; wrote %s%n", rows.size(), seconds, out.toAbsolutePath().normalize());
        return 0;
    }

    /** The experiment the options describe; bad values are {@link BadInputException}s naming the option. */
    Config config() {
        Config config = multiTile.applyTo(Config.defaults())
                .withWorkloadSets(list(sets).stream().map(MocaWorkloads.WorkloadSet::parse).toList())
                .withQosLevels(list(qos).stream().map(MocaWorkloads::parseQos).toList())
                .withPolicies(list(policies)).withSeeds(Config.seeds(seeds)).withRequestsPerTrace(requests);
        for (Map.Entry<String, Map<String, Double>> e : parsedParameters().entrySet()) config = config.withPolicyParameters(e.getKey(), e.getValue());
        return config;
    }

    private Map<String, Map<String, Double>> parsedParameters() {
        Map<String, Map<String, Double>> byPolicy = new LinkedHashMap<>();
        for (String p : parameters) {
            int dot = p.indexOf('.');
            int eq = p.indexOf('=');
            if (dot <= 0 || eq < dot + 2) throw BadInputException.at("--param", "expected POLICY.NAME=VALUE, got '" + p + "'");
            double value;
            try {
                value = Double.parseDouble(p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw BadInputException.at("--param", "'" + p.substring(eq + 1) + "' is not a number in '" + p + "'");
            }
            byPolicy.computeIfAbsent(p.substring(0, dot), k -> new LinkedHashMap<>()).put(p.substring(dot + 1, eq), value);
        }
        return byPolicy;
    }

    private static List<String> list(String csv) { return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(); }
}
