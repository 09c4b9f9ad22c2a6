package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.TimeMultiplexedSpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.trace.TraceCsv;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the models and the requests come from: a latency directory, and a trace file or the Poisson generator. */
public final class WorkloadSettings {
    @Option(names = "--latency-dir", paramLabel = "DIR",
            description = "Folder of per-model latency CSVs (EyerissV2 or Sanger layout). Default: the built-in synthetic directory '"
                    + BuiltinLatencyDirectories.DEMO + "'.")
    Path latencyDir;

    @Option(names = "--seq-len", defaultValue = "" + SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, paramLabel = "TOKENS",
            description = "Sequence length for Sanger-layout tables (default: ${DEFAULT-VALUE}).")
    int sangerSequenceLength;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Built-in scenario ('cotenant workloads list'): its latency directory and its trace generator (periodic for the xr-* "
                    + "scenarios) with --requests and --seed. Instead of --latency-dir and --rate/--slo-mult.")
    String scenarioName;

    @Option(names = "--samples", paramLabel = "N", description = "Samples per model of a --scenario (default 64).")
    Integer samplesPerModel;

    @Option(names = "--trace", paramLabel = "FILE", description = "Trace CSV (arrival_s,model,sample,priority,target_latency_s[,frame[,depends_on]]). "
            + "Instead of the generator options.")
    Path traceFile;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Poisson arrival rate (default 3).")
    Double ratePerSecond;

    @Option(names = "--requests", paramLabel = "N", description = "Number of requests to generate (default 1000).")
    Integer requestCount;

    @Option(names = "--slo-mult", paramLabel = "M", description = "Target latency as a multiple of the architecture's mean isolated latency (default 10).")
    Double sloMultiplier;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the trace generator (default 1).")
    Long seed;

    /** A latency directory, a trace over it, and how to say where each came from. */
    public record Workload(LatencyDirectory directory, Trace trace, CompiledTrace compiled, Map<String, Object> provenance,
                           boolean generated, Scenario scenario) {
        /** The scenario's drop rule, or none without a scenario. */
        public DropRule drop() { return scenario == null ? DropRule.NONE : scenario.drop(); }
    }

    /** The files and folders this workload reads, and {@code more}: an output may not be one of them. */
    Path[] inputs(Path... more) {
        java.util.List<Path> in = new java.util.ArrayList<>(java.util.Arrays.asList(more));
        in.add(latencyDir);
        in.add(traceFile);
        return in.toArray(Path[]::new);
    }

    /** The tables of {@code --latency-dir}, else the built-in synthetic directory (the default of every command that takes one). */
    static LatencyDirectory loadDirectory(Path latencyDir, int sangerSequenceLength) {
        if (latencyDir == null) return BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        return LatencyCsv.loadDirectory(latencyDir, sangerSequenceLength);
    }

    Workload load() {
        Scenario scenario = scenarioName == null ? null : scenario();
        if (scenario == null) checkDirectoryOptions();
        int samples = scenario == null ? 0 : samples();
        LatencyDirectory directory = scenario != null ? Scenarios.latencyDirectoryWithSanger(scenario, samples)
                : loadDirectory(latencyDir, sangerSequenceLength);
        Map<String, Object> provenance = new LinkedHashMap<>();
        if (scenario != null) {
            provenance.put("scenario", scenario.name());
            provenance.put("samples_per_model", samples);
        } else {
            provenance.put("latency_dir", TimeMultiplexedSpec.directoryLabel(latencyDir));
            provenance.put("sanger_sequence_length", sangerSequenceLength);
        }
        Trace trace;
        if (traceFile != null) {
            trace = TraceCsv.read(traceFile, directory);
            provenance.put("trace", traceFile.toString());
        } else if (scenario != null) {
            trace = Scenarios.trace(scenario, directory, count(), seed());
            provenance.put("trace", scenario.isPeriodic() ? "periodic" : "poisson");
            provenance.put("requests", count());
            provenance.put("seed", seed());
            if (scenario.isPeriodic()) provenance.put("rate_scale", Scenarios.rateScale(scenario, directory));
        } else {
            trace = PoissonTraceGenerator.generate(directory, count(), rate(), slo(), seed());
            provenance.put("trace", "poisson");
            provenance.put("rate_per_s", rate());
            provenance.put("requests", count());
            provenance.put("slo_multiplier", slo());
            provenance.put("seed", seed());
        }
        return new Workload(directory, trace, new CompiledTrace(new CompiledWorkload(directory), trace), provenance, traceFile == null, scenario);
    }

    /**
     * This workload as an experiment's: the same tables and the same trace (a trace file as it is, or
     * one generated point at the generator options' rate, SLO multiplier and seed), so a spec built
     * from these options runs what {@link #load()} loads.
     */
    ExperimentSpec spec(String name, String title, List<PolicySpec> policies, List<Metric> metrics) {
        ExperimentSpec.Source source;
        String sourceName;
        int samples = 0;
        Scenario scenario = null;
        if (scenarioName != null) {
            scenario = scenario();
            samples = samples();
            source = ExperimentSpec.Source.SCENARIO;
            sourceName = scenario.name();
        } else {
            checkDirectoryOptions();
            source = latencyDir == null ? ExperimentSpec.Source.BUILTIN : ExperimentSpec.Source.LATENCY_DIR;
            sourceName = latencyDir == null ? BuiltinLatencyDirectories.DEMO : latencyDir.toAbsolutePath().normalize().toString();
        }
        List<String> files = traceFile == null ? List.of() : List.of(traceFile.toAbsolutePath().normalize().toString());
        ExperimentSpec.SweepSpec sweep;
        if (traceFile != null) {
            sweep = new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(), List.of(), List.of(0L));
        } else if (scenario == null) {
            sweep = new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S, List.of(rate()), List.of(slo()), List.of(seed()));
        } else if (scenario.isPeriodic()) { // at the scenario's load; NaN: its nominal frame rates
            sweep = new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO,
                    Double.isNaN(scenario.offeredLoad()) ? List.of() : List.of(scenario.offeredLoad()), List.of(), List.of(seed()));
        } else { // the scenario's own rate, computed as Scenarios.trace computes it, and its SLO range
            double rate = Scenarios.arrivalRatePerSecond(scenario, Scenarios.latencyDirectoryWithSanger(scenario, samples));
            sweep = new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S, List.of(rate), List.of(), List.of(seed()));
        }
        ExperimentSpec.WorkloadSpec workload = new ExperimentSpec.WorkloadSpec(source, sourceName, samples, traceFile == null ? count() : 0,
                sangerSequenceLength, files);
        // a scenario's drop rule, as simulate --scenario applies it (the optimum's schedules run on that kernel)
        KernelOptions kernel = KernelOptions.PUBLISHED.withDrop(scenario == null ? DropRule.NONE : scenario.drop());
        return new ExperimentSpec(name, title, "", "", workload, kernel, policies, sweep, metrics);
    }

    private void checkDirectoryOptions() {
        if (samplesPerModel != null) throw BadInputException.at("--samples", "applies to a --scenario only");
        if (traceFile != null && (ratePerSecond != null || requestCount != null || sloMultiplier != null || seed != null)) {
            throw BadInputException.at("--trace", "give a trace file or the generator options (--rate, --requests, --slo-mult, --seed), not both");
        }
    }

    private Scenario scenario() {
        if (latencyDir != null || ratePerSecond != null || sloMultiplier != null) {
            throw BadInputException.at("--scenario", "brings its own latency directory and arrivals: give no --latency-dir, --rate or --slo-mult");
        }
        if (traceFile != null && (requestCount != null || seed != null)) throw BadInputException.at("--trace", "give a trace file or --requests/--seed, not both");
        return Scenarios.byName(scenarioName);
    }

    private int samples() {
        int samples = samplesPerModel == null ? 64 : samplesPerModel;
        if (samples < 2) throw BadInputException.at("--samples", "must be >= 2, got " + samples);
        return samples;
    }

    private double rate() { return ratePerSecond == null ? 3 : ratePerSecond; }

    private int count() { return requestCount == null ? 1000 : requestCount; }

    private double slo() { return sloMultiplier == null ? 10 : sloMultiplier; }

    private long seed() { return seed == null ? 1 : seed; }
}
