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
        description = "Every scheduler on the built-in synthetic latency directory: 1000 Poisson requests at 8/s "
                + "(offered load about 0.8), SLO multiplier 10, seed 1.")
public final class DemoCommand implements Callable<Integer> {
    // The demo tables' mean isolated latency is about 0.1 s, so 8 requests/s keep the accelerator ~80% busy.
    static final int REQUESTS = 1000;
    static final double RATE_PER_SECOND = 8;
    static final double SLO_MULTIPLIER = 10;
    static final long SEED = 1;

    @Option(names = "--out", defaultValue = "results/demo", paramLabel = "OUT", description = "Result folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(List.of("demo", "--out", out.toString()));
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        System.out.println("Built-in latency directory '" + BuiltinLatencyDirectories.DEMO + "' (SYNTHETIC: "
                + BuiltinLatencyDirectories.describe(BuiltinLatencyDirectories.DEMO) + ")");
        Trace trace = PoissonTraceGenerator.generate(directory, REQUESTS, RATE_PER_SECOND, SLO_MULTIPLIER, SEED);
        CompiledTrace compiled = new CompiledTrace(new CompiledWorkload(directory), trace);
        List<PolicyRun> runs = Evaluator.runAll(compiled, Schedulers.parseList("all"), KernelOptions.PUBLISHED);
        try (ResultFolder folder = new ResultFolder(out)) {
            RunTables.writeMetrics(runs, folder.file("metrics.csv"));
            RunTables.writeRequests(runs, compiled, folder.file("requests.csv"));
            TraceCsv.write(trace, directory, folder.file("trace.csv"));
            manifest.put("workload", Map.of("latency_dir", "builtin:" + BuiltinLatencyDirectories.DEMO + " (synthetic)",
                            "trace", "poisson", "rate_per_s", RATE_PER_SECOND, "requests", REQUESTS, "slo_multiplier", SLO_MULTIPLIER,
                            "seed", SEED))
                    .put("kernel", KernelOptions.PUBLISHED)
                    .write(folder.file("run.json"));
            folder.commit();
        }
        RunTables.print(runs, System.out);
        System.out.println("Results: " + out.toAbsolutePath().normalize() + " (metrics.csv, requests.csv, trace.csv, run.json)");
        return 0;
    }
}
