package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the predictor's latency data comes from: a named time-multiplexed scenario's generator, or a latency directory. */
public final class PredictorDataSettings {
    static final class Source {
        @Option(names = "--scenario", paramLabel = "NAME", required = true,
                description = "A time-multiplexed scenario (dysta-mobile-vision, dysta-arvr-hand-tracking, dysta-datacentre-assistant); its tables are generated (synthetic).")
        String scenario;

        @Option(names = "--latency-dir", paramLabel = "DIR", required = true, description = "Folder of per-model latency CSVs.")
        Path latencyDir;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--samples", defaultValue = "100", paramLabel = "N",
            description = "Samples per model generated for --scenario (default: ${DEFAULT-VALUE}).")
    int samplesPerModel;

    @Option(names = "--seq-len", defaultValue = "" + SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, paramLabel = "TOKENS",
            description = "Sequence length for Sanger-layout CSVs of --latency-dir (default: ${DEFAULT-VALUE}).")
    int sangerSequenceLength;

    /** The scenario, or null for a latency directory. */
    Scenario scenario() { return source.scenario == null ? null : Scenarios.byName(source.scenario); }

    LatencyDirectory load() {
        Scenario s = scenario();
        if (s == null) return LatencyCsv.loadDirectory(source.latencyDir, sangerSequenceLength);
        return Scenarios.latencyDirectory(s, samplesPerModel, SparseCnnAccelerator.eyerissV2(),
                a -> new SangerLatencyModel(a.sequenceLength())::layerLatencySeconds);
    }

    /** The files this data reads, and {@code more}: an output may not be one of them. */
    Path[] inputs(Path... more) {
        Path[] all = java.util.Arrays.copyOf(more, more.length + 1);
        all[more.length] = source.latencyDir;
        return all;
    }

    Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (source.scenario != null) {
            p.put("scenario", source.scenario);
            p.put("samples_per_model", samplesPerModel);
            p.put("synthetic", true);
            p.put("source", "Scenarios.latencyDirectory(" + source.scenario + ", " + samplesPerModel
                    + ", EyerissV2, Sanger): modelled sparsity and latency, not measurements (docs/workloads.md)");
        } else {
            p.put("latency_dir", source.latencyDir.toString());
            p.put("sanger_sequence_length", sangerSequenceLength);
        }
        return p;
    }
}
