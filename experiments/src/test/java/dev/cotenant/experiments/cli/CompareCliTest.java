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

/** {@code cotenant compare}: one experiment per workload, then gaps.csv and gaps.png; resume per point; bad input exits 2 with one line and writes nothing. */
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
                "--no-certify", "--policy", "tuned=" + best, "--out", out.toString(), "--no-progress");
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
        // each workload is an experiment of the one layout: its manifest records how to reproduce it, its rows every entry
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("latency/manifest.json").toFile());
        assertEquals("complete", manifest.get("status").asText());
        assertTrue(manifest.get("reproduce").asText().startsWith("./cotenant compare "), manifest.toString());
        List<String> metrics = Files.readAllLines(out.resolve("latency/metrics.csv"));
        assertEquals(1 + 2 * (policies + 3), metrics.size(), "2 points x (policies, the optimum and its two bound rows)");
        assertTrue(r.out().contains("| latency | tuned |"), r.out());
    }

    @Test
    void aKilledRunResumesAtTheFirstPointNotStoredAndWritesWhatAnUninterruptedRunWrites() throws IOException {
        // --moves-per-request: the optimiser stops on a count of moves, so its answer does not depend on the machine
        String[] common = {"compare", "--latency-dir", latencyDir.toString(), "--rates", "10,20", "--slo-mults", "3", "--seeds", "2",
                "--requests", "20", "--schedulers", "fcfs,dysta", "--time-limit", "60", "--moves-per-request", "200", "--exact-max", "4",
                "--certify-limit", "0.5", "--threads", "1", "--no-progress"};
        Path whole = dir.resolve("whole");
        CliTest.Result r = cotenant(concat(common, "--out", whole.toString()));
        assertEquals(0, r.status(), r.err());

        Path out = dir.resolve("resumed");
        CompareCommand.listener = (done, total) -> {
            if (done >= 2) throw new IllegalStateException("simulated kill after " + done + " of " + total + " points");
        };
        try {
            r = cotenant(concat(common, "--out", out.toString()));
        } finally {
            CompareCommand.listener = null;
        }
        assertTrue(r.status() != 0, r.err());
        assertFalse(Files.exists(out.resolve("gaps.csv")));
        r = cotenant(concat(common, "--out", out.toString()));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("latency: 4 points (2 already stored, 2 run)"), r.out());
        assertEquals(Files.readAllLines(whole.resolve("gaps.csv")), Files.readAllLines(out.resolve("gaps.csv")));
        assertEquals(Files.readAllLines(whole.resolve("latency/metrics.csv")), Files.readAllLines(out.resolve("latency/metrics.csv")));
        // the certified bound is stored as a row of its own
        assertTrue(Files.readString(out.resolve("latency/metrics.csv")).contains(",optimal-lower-bound-certified,"));

        // other options do not mix with the stored rows: refused, then restarted on request
        String[] other = common.clone();
        other[List.of(other).indexOf("--requests") + 1] = "15";
        r = cotenant(concat(other, "--out", out.toString()));
        assertEquals(2, r.status(), r.err());
        r = cotenant(concat(other, "--out", out.toString(), "--restart"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("latency: 4 points (0 already stored, 4 run)"), r.out());
    }

    @Test
    void traceFilesAreCellsRunAsTheyAre() throws IOException {
        dev.cotenant.simulator.latency.LatencyDirectory demo = dev.cotenant.simulator.latency.BuiltinLatencyDirectories.load("demo");
        Path traces = Files.createDirectories(dir.resolve("day"));
        for (int seed = 1; seed <= 2; seed++) {
            dev.cotenant.simulator.trace.TraceCsv.write(dev.cotenant.simulator.trace.PoissonTraceGenerator.generate(demo, 30, 8, 5, 5,
                    dev.cotenant.simulator.setting.TimeMultiplexedSetting.publishedPriorities(), seed), demo, traces.resolve("t" + seed + ".csv"));
        }
        Path out = dir.resolve("files");
        CliTest.Result r = cotenant("compare", "--traces", traces.toString(), "--schedulers", "fcfs,dysta", "--time-limit", "60",
                "--moves-per-request", "100", "--no-certify", "--threads", "1", "--no-progress", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("gaps.csv"));
        assertEquals(1 + 2 * 2, lines.size(), "a cell per file x 2 policies: " + lines);
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("day,") && l.contains(",1,")), "one trace per cell: " + lines);
        List<String> metrics = Files.readAllLines(out.resolve("day/metrics.csv"));
        assertTrue(metrics.stream().anyMatch(l -> l.contains(",t1.csv,")) && metrics.stream().anyMatch(l -> l.contains(",t2.csv,")));

        r = cotenant("compare", "--traces", traces.toString(), "--seeds", "2", "--time-limit", "1", "--out", dir.resolve("bad").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("cotenant compare: --seeds: a trace file carries its own"), r.err());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void aFolderOfTheEarlierLayoutIsRefusedInOneLine() throws IOException {
        Path out = Files.createDirectories(dir.resolve("old"));
        Files.writeString(out.resolve("run.json"), "{}\n");
        Files.writeString(out.resolve("gaps.csv"), "earlier\n");
        assertBadInput(out, out + ": holds a 'cotenant compare' result of the layout before", "compare", "--latency-dir", latencyDir.toString(),
                "--rates", "10", "--slo-mults", "3", "--requests", "10", "--time-limit", "1", "--out", out.toString());
        assertEquals("earlier\n", Files.readString(out.resolve("gaps.csv")));
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
        assertBadInput(out, "--seeds: must be >= 1, got 0", concat(common, "--seeds", "0"));
        assertEquals("earlier\n", Files.readString(out.resolve("gaps.csv")));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains("staging") || p.getFileName().toString().contains("checkpoint")),
                    "no staging or checkpoint folder is left behind");
        }
    }

    /**
     * A periodic scenario: its offered loads, its drop rule, the heuristics and the EDF family by default, no SLO axis.
     * Its metrics rows are those of a spec on the same scenario (same traces, same kernel). The optimum runs where the
     * optimiser models the traces' dependencies; where it does not yet, one line says so and the gap columns are NaN.
     */
    @Test
    void comparesOnAPeriodicScenario() throws IOException {
        Path out = dir.resolve("xr");
        CliTest.Result r = cotenant("compare", "--scenario", "xr-vr-gaming-load0.7", "--samples", "4", "--loads", "0.7,1.5", "--seeds", "1",
                "--requests", "60", "--time-limit", "2", "--moves-per-request", "20", "--no-certify", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<String> gaps = Files.readAllLines(out.resolve("gaps.csv"));
        List<String> expectedPolicies = Stream.concat(Schedulers.names().stream(), Stream.of("edf", "edf-demote", "rate-monotonic", "least-laxity")).toList();
        assertEquals(1 + 2 * expectedPolicies.size(), gaps.size()); // 2 loads x (heuristics + EDF family), no SLO cells
        List<String> header = List.of(GapComparison.CSV_HEADER.split(","));
        for (String line : gaps.subList(1, gaps.size())) {
            String[] f = line.split(",");
            assertEquals("NaN", f[header.indexOf("slo_mult")], line); // deadlines come from the frames
            // the optimum models the scenario's chain and late drops: its gap columns are numbers
            assertFalse(f[header.indexOf("optimal_weighted_missed_deadlines")].equals("NaN"), line);
        }
        Path spec = Files.writeString(dir.resolve("xr.yaml"), """
                name: xr
                workload: {scenario: xr-vr-gaming-load0.7, samples_per_model: 4, requests: 60}
                policies: [edf, sjf, planaria]
                sweep: {offered_load: [0.7, 1.5], seeds: [1]}
                """);
        assertEquals(0, cotenant("experiment", "run", "--spec", spec.toString(), "--out", dir.resolve("spec").toString(), "--no-progress").status());
        List<String> compared = Files.readAllLines(out.resolve("xr-vr-gaming-load0.7/metrics.csv"));
        List<String> specRows = Files.readAllLines(dir.resolve("spec/metrics.csv"));
        assertEquals(compared.get(0), specRows.get(0));
        int drops = List.of(specRows.get(0).split(",")).indexOf("drop_rate");
        for (String row : specRows.subList(1, specRows.size())) {
            assertTrue(compared.contains(row), row); // same point, policy and every metric
            if (row.contains(",1.5,") && row.contains(",edf,")) assertTrue(Double.parseDouble(row.split(",")[drops]) > 0, row); // late frames dropped
        }
        String[] common = {"compare", "--scenario", "xr-vr-gaming-load0.7", "--seeds", "1", "--requests", "20", "--time-limit", "1", "--out", dir.resolve("bad").toString()};
        assertBadInput(dir.resolve("bad"), "--slo-mults: does not apply to periodic scenarios", concat(common, "--slo-mults", "2"));
        assertBadInput(dir.resolve("bad"), "--rates: a periodic scenario has a frame rate per stream", concat(common, "--rates", "2"));
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
