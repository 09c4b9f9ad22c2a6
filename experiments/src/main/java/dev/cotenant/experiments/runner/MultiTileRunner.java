package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.report.MultiTileReport;
import dev.cotenant.experiments.results.MocaResults;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.spec.MultiTileExperimentSpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MocaExperiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a multi-tile experiment: {@link MocaExperiment#run(MocaExperiment.Config, int)} (every policy on
 * every (set, QoS, seed) trace through the setting's one evaluation loop, in parallel), then
 * {@link MocaResults} writes metrics.csv, ratios.csv and run.json into a folder that appears whole, and
 * {@link MultiTileReport} adds the charts and report.html. A run is seconds to minutes, so it is not
 * resumable point by point: a rerun recomputes everything and replaces the folder, which must hold
 * this experiment's results or nothing.
 */
public final class MultiTileRunner {
    private MultiTileRunner() {}

    public record Outcome(List<MocaExperiment.Row> rows, Path folder, Path report, double wallSeconds) {}

    public static Outcome run(MultiTileExperimentSpec spec, Path out, int threads, List<String> commandLine) throws IOException {
        refuseForeign(out, spec.name());
        long start = System.nanoTime();
        RunManifest manifest = new RunManifest(commandLine);
        List<MocaExperiment.Row> rows = MocaExperiment.run(spec.config(), threads);
        double wall = (System.nanoTime() - start) * 1e-9;
        manifest.put("name", spec.name()).put("title", spec.title()).put("paper", spec.paper()).put("threads", threads)
                .put("wall_seconds", wall);
        MocaResults.write(out, spec.config(), rows, spec.subject(), manifest);
        Path report = MultiTileReport.write(spec, rows, out);
        return new Outcome(rows, out, report, wall);
    }

    /** A non-empty folder is replaced only if its run.json says it holds this experiment (by name). */
    static void refuseForeign(Path out, String name) throws IOException {
        if (!Files.isDirectory(out)) {
            if (Files.exists(out)) throw BadInputException.at(out.toString(), "exists and is not a folder");
            return;
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isEmpty()) return;
        }
        Path runJson = out.resolve("run.json");
        String held = null;
        if (Files.exists(runJson)) {
            try {
                JsonNode tree = new ObjectMapper().readTree(runJson.toFile());
                held = tree.path("name").asText(null);
            } catch (IOException e) {
                held = null;
            }
        }
        if (!name.equals(held)) {
            throw BadInputException.at(out.toString(), "holds " + (held == null ? "files that are not a multi-tile experiment's results"
                    : "results of experiment '" + held + "'") + "; nothing was overwritten: choose another --out");
        }
    }
}
