package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.results.RunTables;
import dev.cotenant.experiments.spec.PolicySources;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.evaluate.Evaluator;
import dev.cotenant.simulator.evaluate.PolicyRun;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.trace.TraceCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run schedulers over a trace; write OUT/metrics.csv, OUT/requests.csv, OUT/models.csv (per model), OUT/trace.csv and OUT/run.json.")
public final class SimulateCommand extends FolderCommand {
    @Mixin WorkloadSettings workload;
    @Mixin KernelSettings kernel;

    @Option(names = "--schedulers", defaultValue = "all", paramLabel = "LIST",
            description = "Comma-separated policies (default: all): NAME, NAME:PARAM=VALUE[,PARAM=VALUE], a tuner's best.json, "
                    + "each optionally LABEL=SOURCE. See 'cotenant schedulers'.")
    String schedulers;

    @Option(names = "--predictor", paramLabel = "FILE",
            description = "Trained predictor for dysta-learned / sjf-learned: predictor.txt (plain arrays) or predictor.zip from train-predictor.")
    Path predictor;

    @Override
    String kind() { return "simulate"; }

    @Override
    Path[] inputs() { return workload.inputs(predictor); }

    @Override
    Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        LearnedGamma learned = PolicySources.predictor(predictor);
        List<PolicySpec> specs = PolicySources.parse("--schedulers", schedulers, learned, "--predictor FILE");
        List<Policy> policies = specs.stream().map(PolicySpec::policy).toList();
        WorkloadSettings.Workload w = workload.load();
        KernelOptions options = kernel.toKernelOptions(w.drop());
        List<PolicyRun> runs = Evaluator.runAll(w.compiled(), policies, options);
        List<RunTables.Row> rows = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) rows.add(new RunTables.Row(specs.get(i).label(), runs.get(i).outcome(), runs.get(i).metrics()));
        RunTables.writeMetricsRows(rows, folder.file("metrics.csv"));
        RunTables.writeRequestsRows(rows, w.compiled(), folder.file("requests.csv"));
        RunTables.writeModelRows(rows, w.compiled(), folder.file("models.csv"));
        TraceCsv.write(w.trace(), w.directory(), folder.file("trace.csv"));
        manifest.put("workload", w.provenance()).put("kernel", options).put("schedulers", policySources(specs))
                .put("predictor", learned == null ? "none" : learned.source())
                .write(folder.file("run.json"));
        folder.commit();
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        RunTables.printRows(rows, stdout);
        stdout.println("wrote " + out.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }

    /** Per label, where its parameters came from and the vector run, so run.json says what each row is. */
    private static java.util.Map<String, String> policySources(List<PolicySpec> specs) {
        java.util.Map<String, String> sources = new java.util.LinkedHashMap<>();
        for (PolicySpec p : specs) sources.put(p.label(), p.origin() + " " + p.policy().label());
        return sources;
    }
}
