package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.Evaluator;
import dev.cotenant.simulator.evaluate.PolicyRun;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reproducible, resumable, and protective of other experiments' results. */
class ExperimentRunnerTest {
    @TempDir Path dir;

    /** 3 rates x 1 SLO x 3 seeds = 9 points, 3 policies: 27 rows. */
    static final String SPEC = """
            name: runner-test
            workload: {builtin: demo, requests: 300}
            policies: [fcfs, sjf, dysta]
            sweep:
              arrival_rate_per_s: [5, 8, 11]
              slo_multiplier: [10]
              seeds: [1, 2, 3]
            """;

    static ExperimentSpec spec(String yaml) { return SpecReader.parse(yaml, "spec.yaml", null); }

    /** What the runner tells the user (resumes, finished interruptions), kept for assertions instead of the build log. */
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    ExperimentRunner.Outcome run(ExperimentSpec spec, Path out, int threads) throws IOException {
        return ExperimentRunner.run(spec, out, ExperimentRunner.Options.quiet(threads).withLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    @Test
    void sameSpecAndSeedsGiveByteIdenticalMetricsWhateverTheThreadCount() throws IOException {
        ExperimentSpec spec = spec(SPEC);
        run(spec, dir.resolve("one"), 1);
        run(spec, dir.resolve("two"), 2);
        run(spec, dir.resolve("again"), 2);
        byte[] one = Files.readAllBytes(dir.resolve("one/metrics.csv"));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("two/metrics.csv")));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("again/metrics.csv")));
        List<String> lines = Files.readAllLines(dir.resolve("one/metrics.csv"));
        assertEquals(ExperimentStore.header(), lines.get(0));
        assertEquals(1 + 9 * 3, lines.size());
        // Canonical order: point-major, policies in spec order.
        assertTrue(lines.get(1).startsWith("0,") && lines.get(1).contains(",1,,fcfs,300,"), lines.get(1));
        assertTrue(lines.get(27).startsWith("8,") && lines.get(27).contains(",3,,dysta,300,"), lines.get(27));
    }

    @Test
    void aRowIsWhatTheSimulatorGivesForThatPointsTrace() throws IOException {
        run(spec(SPEC), dir.resolve("out"), 2);
        // Point 4 = rate 8/s (second rate), seed 2: the same trace through the plain single-policy path.
        LatencyDirectory demo = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(demo), PoissonTraceGenerator.generate(demo, 300, 8, 10, 2));
        PolicyRun dysta = Evaluator.runAll(trace, List.of(Policy.published("dysta")), KernelOptions.PUBLISHED).get(0);
        String row = Files.readAllLines(dir.resolve("out/metrics.csv")).get(1 + 4 * 3 + 2);
        String[] f = row.split(",");
        assertEquals("4", f[0]);
        assertEquals(8.0, Double.parseDouble(f[2]));
        assertEquals("2", f[5]);
        assertEquals("", f[6]); // the time-multiplexed setting's one workload
        assertEquals("dysta", f[7]);
        assertEquals(dysta.metrics().get(Metric.VIOLATION_RATE), Double.parseDouble(f[9]));
        assertEquals(dysta.metrics().get(Metric.ANTT), Double.parseDouble(f[10]));
    }

    @Test
    void aKilledRunFinishesOnlyTheRemainingPointsAndEndsIdentical() throws IOException {
        ExperimentSpec spec = spec(SPEC);
        run(spec, dir.resolve("straight"), 1);

        Path out = dir.resolve("killed");
        // With one thread, batches hold 2 points: die as the second batch is stored (4 of 9 points).
        List<Integer> seen = new ArrayList<>();
        RuntimeException crash = assertThrows(RuntimeException.class, () -> ExperimentRunner.run(spec, out,
                new ExperimentRunner.Options(1, false, List.of(), (done, total) -> {
                    seen.add(done);
                    if (done >= 4) throw new RuntimeException("simulated kill");
                }, false).withLog(new PrintStream(log, true, StandardCharsets.UTF_8))));
        assertEquals("simulated kill", crash.getMessage());
        assertEquals(List.of(2, 4), seen);
        assertEquals(1 + 4 * 3, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"status\" : \"interrupted\""));

        ExperimentRunner.Outcome resumed = run(spec, out, 2);
        assertEquals(9, resumed.pointsTotal());
        assertEquals(4, resumed.pointsSkipped());
        assertEquals(5, resumed.pointsRun());
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/metrics.csv")), Files.readAllBytes(out.resolve("metrics.csv")));
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"status\" : \"complete\""), manifest);
        assertTrue(manifest.contains("\"points_skipped\" : 4"), manifest);
        String told = log.toString(StandardCharsets.UTF_8);
        assertTrue(told.contains("the previous run was interrupted (4 of 9 points stored); resuming"), told);
        assertTrue(told.contains("runner-test: finished the run that was interrupted (1 earlier session(s) did not finish)"), told);

        ExperimentRunner.Outcome nothingLeft = run(spec, out, 2);
        assertEquals(0, nothingLeft.pointsRun());
    }

    @Test
    void aFolderHoldingAnotherExperimentIsRefusedAndLeftAlone() throws IOException {
        Path out = dir.resolve("out");
        run(spec(SPEC), out, 2);
        byte[] metrics = Files.readAllBytes(out.resolve("metrics.csv"));
        byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));
        ExperimentSpec other = spec(SPEC.replace("seeds: [1, 2, 3]", "seeds: [1, 2, 4]"));
        BadInputException e = assertThrows(BadInputException.class, () -> run(other, out, 2));
        assertTrue(e.getMessage().contains("holds results of experiment 'runner-test'") && e.getMessage().contains("nothing was overwritten"),
                e.getMessage());
        assertArrayEquals(metrics, Files.readAllBytes(out.resolve("metrics.csv")));
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.json")));

        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        e = assertThrows(BadInputException.class, () -> run(spec(SPEC), foreign, 1));
        assertTrue(e.getMessage().contains("no manifest.json"), e.getMessage());
        assertEquals(List.of(foreign.resolve("notes.txt")), Files.list(foreign).toList());
    }

    @Test
    void offeredLoadAndRateAreTwoSpellingsOfOnePoint() {
        ExperimentWorkload w = new ExperimentWorkload(spec(SPEC));
        SweepPoint p = w.points().get(3);
        assertEquals(8.0, p.arrivalRatePerSecond());
        assertEquals(8.0 / w.ratePerSecondAtFullLoad(), p.offeredLoad(), 1e-12);
        ExperimentWorkload byLoad = new ExperimentWorkload(spec(SPEC.replace("arrival_rate_per_s: [5, 8, 11]", "offered_load: [0.5]")));
        assertEquals(0.5 * w.ratePerSecondAtFullLoad(), byLoad.points().get(0).arrivalRatePerSecond(), 1e-12);
    }
}
