package dev.cotenant.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.compare.GapComparison;
import dev.cotenant.simulator.policy.Schedulers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cotenant compare}: gaps.csv, gaps.png and run.json; progress with ETA; bad input exits 2 with one line and writes nothing. */
class CompareCliTest {
    @TempDir Path dir;
    Path latencyDir;

    @BeforeEach
    void writeLatencyDirectory() throws IOException {
        latencyDir = CliTest.writeLatencyDirectory(dir);
    }

    static CliTest.Result cotenant(String... args) { return CliTest.cotenant(args); }

    @Test
    void writesOneGapRowPerPolicyAndCellAndTheChart() throws IOException {
        Path best = dir.resolve("best.json");
        Files.writeString(best, "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.001}}");
        Path out = dir.resolve("cmp");
        CliTest.Result r = cotenant("compare", "--latency-dir", latencyDir.toString(), "--scenario", "dysta-arvr-hand-tracking",
                "--samples", "4", "--loads", "0.5,0.9", "--slo-mults", "3", "--seeds", "1", "--requests", "20", "--time-limit", "1",
                "--policy", "tuned=" + best, "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("gaps.csv"));
        assertEquals(GapComparison.CSV_HEADER, lines.get(0));
        int policies = Schedulers.names().size() + 1;
        assertEquals(1 + 2 * 2 * policies, lines.size()); // 2 workloads x 2 loads x 1 SLO x (every heuristic + tuned)
        assertEquals(2 * policies, lines.stream().filter(l -> l.startsWith("latency,")).count());
        assertEquals(2 * policies, lines.stream().filter(l -> l.startsWith("dysta-arvr-hand-tracking,")).count());
        assertTrue(lines.stream().anyMatch(l -> l.contains(",tuned,best.json:" + best + ",1,")), String.join("\n", lines));
        int gapToBound = List.of(GapComparison.CSV_HEADER.split(",")).indexOf("missed_gap_to_bound");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(Double.parseDouble(f[gapToBound]) >= -1e-9, "no policy misses less than the lower bound: " + line);
        }
        BufferedImage png = ImageIO.read(out.resolve("gaps.png").toFile());
        assertEquals(2 * 460, png.getHeight(), "one row of panels per workload");
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertTrue(run.get("reproduce").asText().startsWith("./cotenant compare "));
        assertEquals("best.json:" + best, run.get("policies").get("tuned").asText());
        // one progress line per trace, the last with nothing left to go
        List<String> progress = r.err().lines().filter(l -> l.startsWith("compare: ")).toList();
        assertEquals(4, progress.size(), r.err());
        assertTrue(progress.get(3).contains("done (4/4)") && progress.get(3).endsWith("ETA 0s"), progress.get(3));
        assertTrue(r.out().contains("| latency | tuned |"), r.out());
    }

    @Test
    void aKilledRunResumesFromItsCheckpointAndWritesWhatAnUninterruptedRunWrites() throws IOException {
        // --moves-per-request: the optimiser stops on a count of moves, so its answer does not depend on the machine
        String[] common = {"compare", "--latency-dir", latencyDir.toString(), "--rates", "10,20", "--slo-mults", "3", "--seeds", "2",
                "--requests", "20", "--schedulers", "fcfs,dysta", "--time-limit", "60", "--moves-per-request", "200", "--exact-max", "4"};
        Path whole = dir.resolve("whole");
        CliTest.Result r = cotenant(concat(common, "--out", whole.toString()));
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(dir.resolve(".whole.compare-checkpoint")), "deleted once OUT is written");
        assertTrue(r.err().contains(", order not proven in family;"), "some busy period is searched by OptaPlanner, not proven: " + r.err());

        Path out = dir.resolve("resumed");
        Path checkpoint = dir.resolve(".resumed.compare-checkpoint");
        CompareCommand.traceListener = step -> {
            if (step.done() == 3) throw new IllegalStateException("simulated kill after 3 traces");
        };
        try {
            r = cotenant(concat(common, "--out", out.toString()));
        } finally {
            CompareCommand.traceListener = null;
        }
        assertTrue(r.status() != 0, r.err());
        assertFalse(Files.exists(out));
        assertTrue(Files.exists(checkpoint.resolve("checkpoint.txt")), r.err());

        r = cotenant(concat(common, "--out", out.toString()));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("compare: resuming: 3 of 4 traces already solved"), r.err());
        List<String> solved = r.err().lines().filter(l -> l.startsWith("compare: ") && l.contains(" done (")).toList();
        assertEquals(1, solved.size(), "only the missing trace is solved: " + r.err());
        assertTrue(solved.get(0).contains("done (4/4)"), solved.get(0));
        assertEquals(Files.readAllLines(whole.resolve("gaps.csv")), Files.readAllLines(out.resolve("gaps.csv")));
        assertFalse(Files.exists(checkpoint));
        ObjectMapper json = new ObjectMapper();
        assertEquals(3, json.readTree(out.resolve("run.json").toFile()).get("resumed_traces").asInt());
        assertEquals(0, json.readTree(whole.resolve("run.json").toFile()).get("resumed_traces").asInt());

        // a checkpoint of other options is stale: one notice, then every trace is solved again
        CompareCommand.traceListener = step -> {
            throw new IllegalStateException("simulated kill after 1 trace");
        };
        try {
            assertTrue(cotenant(concat(common, "--out", out.toString())).status() != 0);
        } finally {
            CompareCommand.traceListener = null;
        }
        String[] other = common.clone();
        other[List.of(other).indexOf("--requests") + 1] = "15";
        r = cotenant(concat(other, "--out", out.toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("ignoring the checkpoint of a run with other options")).count(), r.err());
        assertFalse(r.err().contains("resuming"), r.err());
        assertEquals(4, r.err().lines().filter(l -> l.contains(" done (")).count(), r.err());
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void badInputExitsWith2InOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("bad");
        String[] common = {"compare", "--latency-dir", latencyDir.toString(), "--rates", "10", "--slo-mults", "3", "--requests", "10",
                "--time-limit", "1", "--out", out.toString()};
        assertBadInput(out, "--scenario: unknown scenario 'no-such-scenario'", concat(common, "--scenario", "no-such-scenario"));
        Path missing = dir.resolve("nowhere/best.json");
        assertBadInput(out, "--policy: " + missing + ": no such file", concat(common, "--policy", missing.toString()));
        assertBadInput(out, "--seeds: must be >= 1, got 0", concat(common, "--seeds", "0"));
        Path foreign = dir.resolve("foreign.txt");
        Files.writeString(foreign, "cotenant-mlp 1\nfeatures 1\nsomething\nmodels 0\n");
        assertBadInput(out, foreign + ": ", concat(common, "--predictor", foreign.toString()));
        assertBadInput(out, "--rates: give --rates or --loads", concat(common, "--loads", "0.5"));
        assertBadInput(out, "--slo-mults: must be finite and > 0, got -1.0", concat(common, "--slo-mults", "-1"));
        // an earlier result is left as it was
        Files.createDirectories(out);
        Files.writeString(out.resolve("gaps.csv"), "earlier\n");
        Files.writeString(out.resolve("run.json"), "{}\n");
        Files.writeString(out.resolve(".cotenant-output.json"), "{\"command\": \"compare\", \"files\": [\"gaps.csv\", \"run.json\"]}\n"); // what marks it as compare's result
        assertBadInput(out, "--seeds: must be >= 1, got 0", concat(common, "--seeds", "0"));
        assertEquals("earlier\n", Files.readString(out.resolve("gaps.csv")));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains("staging") || p.getFileName().toString().contains("checkpoint")),
                    "no staging or checkpoint folder is left behind");
        }
    }

    private static void assertBadInput(Path out, String expectedStart, String... args) {
        boolean existed = Files.exists(out);
        CliTest.Result r = cotenant(args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("cotenant compare: " + expectedStart), r.err());
        if (!existed) assertFalse(Files.exists(out));
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
