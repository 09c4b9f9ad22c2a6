package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.results.RunTables;
import dev.cotenant.simulator.evaluate.Evaluator;
import dev.cotenant.simulator.evaluate.PolicyRun;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.trace.TraceCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Every scheduler on the built-in synthetic latency directory: 1000 Poisson requests at 3/s, SLO multiplier 10, seed 1.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "results/demo", paramLabel = "OUT", description = "Result folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(List.of("demo", "--out", out.toString()));
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        System.out.println("Built-in latency directory '" + BuiltinLatencyDirectories.DEMO + "' (SYNTHETIC: "
                + BuiltinLatencyDirectories.describe(BuiltinLatencyDirectories.DEMO) + ")");
        Trace trace = PoissonTraceGenerator.generate(directory, 1000, 3, 10, 1);
        CompiledTrace compiled = new CompiledTrace(new CompiledWorkload(directory), trace);
        List<PolicyRun> runs = Evaluator.runAll(compiled, Schedulers.parseList("all"), KernelOptions.PUBLISHED);
        try (ResultFolder folder = new ResultFolder(out)) {
            RunTables.writeMetrics(runs, folder.file("metrics.csv"));
            RunTables.writeRequests(runs, compiled, folder.file("requests.csv"));
            TraceCsv.write(trace, directory, folder.file("trace.csv"));
            manifest.put("workload", Map.of("latency_dir", "builtin:" + BuiltinLatencyDirectories.DEMO + " (synthetic)",
                            "trace", "poisson", "rate_per_s", 3, "requests", 1000, "slo_multiplier", 10, "seed", 1))
                    .put("kernel", KernelOptions.PUBLISHED)
                    .write(folder.file("run.json"));
            folder.commit();
        }
        RunTables.print(runs, System.out);
        System.out.println("Results: " + out.toAbsolutePath().normalize() + " (metrics.csv, requests.csv, trace.csv, run.json)");
        return 0;
    }
}
