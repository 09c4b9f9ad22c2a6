package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.trace.TraceCsv;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "workloads", mixinStandardHelpOptions = true, description = "The model zoo and the named scenarios (all synthetic; see docs/workloads.md).",
        subcommands = {WorkloadsCommand.ListCommand.class, WorkloadsCommand.ExportCommand.class})
public final class WorkloadsCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        ListCommand.print(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios and the zoo's networks.")
    static final class ListCommand implements Runnable {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            print(spec.commandLine().getOut());
        }

        static void print(java.io.PrintWriter stdout) {
            stdout.println("Scenarios:");
            for (Scenario s : Scenarios.list()) {
                if (s.isPeriodic()) {
                    // Periodic (docs/realtime.md): streams as model@fps, '<' for a chain, 'pX' for a trigger probability.
                    String streams = s.streams().stream().map(t -> t.model().replace("_dense", "") + "@" + t.framesPerSecond()
                            + (t.after() == null ? "" : "<" + t.after().replace("_dense", ""))
                            + (t.triggerProbability() < 1 ? " p" + t.triggerProbability() : "")).collect(java.util.stream.Collectors.joining(","));
                    stdout.printf(Locale.ROOT, "  %-28s %-16s load %s  drop %s  %s%n", s.name(), "periodic",
                            Double.isNaN(s.offeredLoad()) ? "nominal" : String.format(Locale.ROOT, "%.2f", s.offeredLoad()), s.drop().cliName(), streams);
                    continue;
                }
                stdout.printf(Locale.ROOT, "  %-28s %-16s load %.2f  SLO x%.1f-%.1f  %s%n", s.name(), "time-multiplexed",
                        s.offeredLoad(), s.sloMultiplierMin(), s.sloMultiplierMax(), String.join(",", s.architectures()));
            }
            stdout.println("MoCA scenarios (the artifact's 250-request traces, multi-tile setting; 'cotenant moca', docs/moca.md):");
            for (String name : MocaTraces.scenarioNames()) {
                MocaTrace t = MocaTraces.scenario(name);
                stdout.printf(Locale.ROOT, "  %-28s %-16s load %.2f  span %.1f ms  %s%n", name, "multi-tile", t.offeredLoad(),
                        t.spanCycles() / 1e6, java.util.Arrays.toString(t.countsPerNetwork()));
            }
            stdout.println("Networks (layer shapes from the published architectures):");
            for (String name : ModelZoo.names()) {
                Network n = ModelZoo.byName(name);
                stdout.printf(Locale.ROOT, "  %-12s %4d compute layers %9.3f GMAC %8.2f M parameters%n", name, n.computeLayers().size(),
                        n.macs() / 1e9, n.parameterCount() / 1e6);
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a time-multiplexed scenario's latency directory (OUT/latency/*.csv, EyerissV2 layout) and a Poisson trace (OUT/trace.csv).")
    static final class ExportCommand implements Callable<Integer> {
        @Option(names = "--scenario", required = true, paramLabel = "NAME",
                description = "A time-multiplexed scenario of 'cotenant workloads list'.") String scenarioName;
        @Option(names = "--out", required = true, paramLabel = "OUT", description = "Folder to write latency/ and trace.csv into.") Path out;
        @Option(names = "--samples", defaultValue = "64", paramLabel = "N", description = "Samples per model (default: ${DEFAULT-VALUE}).") int samples;
        @Option(names = "--requests", defaultValue = "1000", paramLabel = "N", description = "Requests in the trace (default: ${DEFAULT-VALUE}).") int requests;
        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Trace seed (default: ${DEFAULT-VALUE}).") long seed;
        @picocli.CommandLine.Mixin ForceOption force;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Scenario scenario = Scenarios.byName(scenarioName);
            if (samples < 2) throw BadInputException.at("--samples", "must be >= 2, got " + samples);
            try (ResultFolder folder = ResultFolder.claim(out, "workloads-export", force.force)) {
                LatencyDirectory directory = Scenarios.latencyDirectoryWithSanger(scenario, samples);
                Trace trace = Scenarios.trace(scenario, directory, requests, seed);
                Path latency = Files.createDirectory(folder.file("latency"));
                for (LatencyTable table : directory.tables()) {
                    // Attention tables are written with latency precomputed at their own sequence length.
                    LatencyCsv.write(table.asEyerissLayout(), latency.resolve(table.modelName() + ".csv"));
                }
                TraceCsv.write(trace, directory, folder.file("trace.csv"));
                Files.writeString(folder.file("PROVENANCE.txt"), "SYNTHETIC workload of scenario " + scenario.name() + ": "
                        + scenario.description() + "\nModelled, not measured (docs/workloads.md). Reproduce: ./cotenant workloads export --scenario "
                        + scenario.name() + " --samples " + samples + " --requests " + requests + " --seed " + seed + " --out " + out + "\n");
                folder.commit();
                spec.commandLine().getOut().println("wrote " + directory.modelCount() + " latency tables and " + requests + " requests to " + out);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
