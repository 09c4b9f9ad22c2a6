package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.FolderLock;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.trace.TraceCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "trace", mixinStandardHelpOptions = true, description = "Generate a trace and write it as CSV: Poisson over a latency directory, or a --scenario's own generator (periodic, with frame and depends_on columns, for the xr-* scenarios).")
public final class TraceCommand implements Callable<Integer> {
    @Mixin WorkloadSettings workload;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Trace CSV to write (atomically); an existing file only with --force.")
    Path out;

    @Mixin ForceOption force;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (workload.traceFile != null) throw BadInputException.at("--trace", "the trace command generates a trace; it takes no --trace");
        try (FolderLock claim = ResultFolder.claimFile(out, force.force, workload.inputs())) {
            WorkloadSettings.Workload w = workload.load();
            TraceCsv.write(w.trace(), w.directory(), out);
            spec.commandLine().getOut().println("wrote " + w.trace().size() + " requests to " + out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
