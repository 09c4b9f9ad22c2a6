package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periodic streams declared inline in a spec's workload (docs/realtime.md): the scenario's rows when declared as the scenario is. */
class StreamsSpecTest {
    @TempDir Path dir;

    /**
     * VR gaming as the registry declares it (Scenarios.addExtendedReality): eye segmentation at 60 fps, gaze
     * estimation waiting for it in every frame, hand tracking at 45 fps 1 ms later; late frames dropped;
     * tables of the three networks, dense, sampled with the scenario's seed 201.
     */
    static final String VR_GAMING_STREAMS = """
            streams:
                - {model: ritnet_dense, frames_per_second: 60}
                - {model: fbnetc_dense, frames_per_second: 60, depends_on: ritnet_dense}
                - {model: handgraphcnn_dense, frames_per_second: 45, phase_s: 0.001}
              drop: late
              samples_seed: 201
            """;

    private String spec(String workload, String sweep) {
        return "name: vr\nworkload:\n  samples_per_model: 4\n  requests: 200\n  " + workload
                + "policies: [fcfs, edf, sjf]\nsweep: " + sweep + "\nmetrics: [xr_score, worst_model_miss_rate, drop_rate]\n";
    }

    private List<String> run(String name, String text) throws IOException {
        Path spec = Files.writeString(dir.resolve(name + ".yaml"), text);
        Path out = dir.resolve(name);
        CliTest.Result r = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        return Files.readAllLines(out.resolve("metrics.csv"));
    }

    @Test
    void streamsDeclaredByHandGiveTheScenariosRows() throws IOException {
        for (String sweep : List.of("{offered_load: [0.7, 1.5], seeds: [3, 4]}", "{seeds: [5]}")) {
            List<String> named = run("named", spec("scenario: xr-vr-gaming\n", sweep));
            List<String> declared = run("declared", spec(VR_GAMING_STREAMS.stripLeading(), sweep));
            // the same rows but the workload column, which names the scenario or says the streams were declared
            assertEquals(named, declared.stream().map(r -> r.replace(",streams,", ",xr-vr-gaming,")).toList(), sweep);
            assertTrue(declared.stream().skip(1).allMatch(r -> r.contains(",streams,")));
            // every column, so the traces (deadlines, chains, drops) are the same; and frames are dropped at 1.5 (FCFS cannot keep up)
            assertEquals(1 + (sweep.contains("0.7") ? 2 * 2 : 1) * 3, named.size());
            List<String> header = List.of(named.get(0).split(","));
            assertTrue(named.stream().skip(1).anyMatch(r -> Double.parseDouble(r.split(",")[header.indexOf("drop_rate")]) > 0));
            for (String p : List.of("named", "declared")) {
                for (Path f : List.of(dir.resolve(p), dir.resolve(p + ".yaml"))) deleteTree(f);
            }
        }
    }

    @Test
    void badStreamsAreRefusedAtTheirKeyBeforeAnythingIsWritten() throws IOException {
        record Case(String replace, String by, String expected) {}
        for (Case c : List.of(
                new Case("frames_per_second: 45", "frames_per_second: -45",
                        "workload.streams[2]: stream handgraphcnn_dense: frame rate -45.0 must be finite and > 0"),
                new Case("depends_on: ritnet_dense", "depends_on: handgraphcnn_dense",
                        "workload.streams[1]: stream fbnetc_dense: waits for 'handgraphcnn_dense', which is not an earlier stream"),
                new Case("{model: fbnetc_dense, frames_per_second: 60,", "{model: fbnetc_dense, frames_per_second: 30,",
                        "workload.streams[1]: stream fbnetc_dense: frame rate 30.0 differs from its predecessor's 60.0"),
                new Case("model: ritnet_dense,", "model: ritnet,", "workload.streams[0].model: 'ritnet' is not a model-zoo table (NETWORK_VARIANT such as ritnet_dense"),
                new Case("phase_s: 0.001", "phase_s: 0.001, jitter_periods: 1", "workload.streams[2]: stream handgraphcnn_dense: jitter 1.0 periods must be in [0, 1)"),
                new Case("phase_s: 0.001", "phase: 0.001", "workload.streams[2].phase: unknown key"),
                new Case("drop: late", "drop: sometimes", "workload.drop: "),
                new Case("sweep: {seeds: [5]}", "sweep: {slo_multiplier: [2], seeds: [5]}", "sweep.slo_multiplier: workload.streams is periodic"))) {
            String text = spec(VR_GAMING_STREAMS.stripLeading(), "{seeds: [5]}");
            assertTrue(text.contains(c.replace()), c.replace());
            Path spec = Files.writeString(dir.resolve("bad.yaml"), text.replace(c.replace(), c.by()));
            CliTest.Result r = cotenant("experiment", "run", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
            assertEquals(2, r.status(), c.by());
            assertTrue(r.err().contains(spec + ": " + c.expected()), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(dir.resolve("out")));
        }
    }

    @Test
    void streamsOverALatencyDirectoryNameItsModels() throws IOException {
        Path latency = CliTest.writeLatencyDirectory(dir);
        String workload = "latency_dir: " + latency + "\n  streams:\n    - {model: alpha, frames_per_second: 2}\n"
                + "    - {model: beta_x, frames_per_second: 2, depends_on: alpha, trigger_probability: 0.5}\n";
        List<String> rows = run("dir", spec(workload, "{offered_load: [0.5], seeds: [1]}").replace("  samples_per_model: 4\n", ""));
        assertEquals(1 + 3, rows.size());
        Path spec = Files.writeString(dir.resolve("unknown.yaml"), spec(workload.replace("beta_x", "gamma"), "{seeds: [1]}")
                .replace("  samples_per_model: 4\n", ""));
        CliTest.Result r = cotenant("experiment", "run", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown.yaml: workload.streams[1]: stream gamma: unknown model (not in the latency directory)"), r.err());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
