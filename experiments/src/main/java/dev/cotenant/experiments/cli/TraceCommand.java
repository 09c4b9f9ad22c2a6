package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.trace.TraceCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "trace", mixinStandardHelpOptions = true, description = "Generate a Poisson trace over a latency directory and write it as CSV.")
public final class TraceCommand implements Callable<Integer> {
    @Mixin WorkloadSettings workload;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trace CSV to write (atomically).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (workload.traceFile != null) throw dev.cotenant.simulator.BadInputException.at("--trace", "the trace command generates a trace; it takes no --trace");
        WorkloadSettings.Workload w = workload.load();
        TraceCsv.write(w.trace(), w.directory(), out);
        System.out.println("wrote " + w.trace().size() + " requests to " + out);
        return 0;
    }
}
