package dev.cotenant.spark;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark engine against the local one: same spec, same metrics.csv byte for byte, whatever Spark
 * does with the tasks (slices, retries, a driver that dies between batches). Every test runs an
 * embedded {@code local[2]} context, as CI does.
 */
class SparkSweepEngineTest {
    @TempDir Path dir;

    private static ExperimentRunner.Outcome run(ExperimentSpec spec, Path out, SweepEngine engine, ExperimentRunner.BatchListener listener)
            throws IOException {
        ExperimentRunner.Options options = new ExperimentRunner.Options(2, false, List.of("test"), listener, false, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).withEngine(engine);
        return ExperimentRunner.run(spec, out, options);
    }

    private static byte[] metrics(Path folder) throws IOException { return Files.readAllBytes(folder.resolve(ExperimentStore.METRICS)); }

    /** The built-in demo, quick: 3 arrival rates x 2 seeds = 6 points x 10 policies. */
    @Test
    void aBuiltInQuickExperimentGivesTheLocalEnginesMetricsByteForByte() throws IOException {
        ExperimentSpec spec = BuiltinExperiments.load("demo").quick();
        run(spec, dir.resolve("local"), SweepEngine.local(), null);
        ExperimentRunner.Outcome spark = run(spec, dir.resolve("spark"), new SparkSweepEngine("local[2]"), null);
        assertEquals(6, spark.pointsRun());
        assertEquals(6 * 10 + 1, Files.readAllLines(dir.resolve("spark").resolve(ExperimentStore.METRICS)).size(), "header + one row per point and policy");
        assertArrayEquals(metrics(dir.resolve("local")), metrics(dir.resolve("spark")));
        assertEquals("spark", sessionField(dir.resolve("spark"), "engine"));
    }

    /**
     * heuristics-vs-optimum with 60 requests and two seeds: 3 loads x 2 SLO multipliers x 2 seeds = 12 points,
     * each with an optimum solve (the expensive unit) and its two bound rows. The move budget binds before
     * the time limit, so the solves are functions of their traces and the files must match: metrics.csv, and
     * the optimum's 4 files per point in artefacts/optimal/point-N/, made on the executors and written by the
     * driver, equal to the local engine's but for the solve's timings (summary.json's seconds, busy_periods.csv's millis).
     */
    @Test
    void anOptimumSweepGivesTheLocalEnginesMetricsAndArtefactsByteForByte() throws IOException {
        ExperimentSpec spec = optimumSweep();
        run(spec, dir.resolve("local"), SweepEngine.local(), null);
        ExperimentRunner.Outcome spark = run(spec, dir.resolve("spark"), new SparkSweepEngine("local[2]"), null);
        assertEquals(12, spark.pointsRun());
        assertEquals(12 * 13 + 1, Files.readAllLines(dir.resolve("spark").resolve(ExperimentStore.METRICS)).size(),
                "header + 10 heuristics, the optimum and its 2 bounds per point");
        assertArrayEquals(metrics(dir.resolve("local")), metrics(dir.resolve("spark")));
        Map<String, String> local = artefacts(dir.resolve("local")), onSpark = artefacts(dir.resolve("spark"));
        assertEquals(12 * 4, onSpark.size(), onSpark.keySet().toString());
        assertEquals(local, onSpark);
    }

    /** Every file under artefacts/, by relative path, with the solve's wall-clock timings blanked. */
    private static Map<String, String> artefacts(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path root = folder.resolve("artefacts");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                String name = f.getFileName().toString();
                if (name.equals("summary.json")) text = text.replaceAll("(?m)^  \"seconds\" : .*$", "");
                // busy_periods.csv: millis is the last but one column (the last has no comma)
                if (name.equals("busy_periods.csv")) text = text.replaceAll("(?m),[0-9]+,([^,\n]*)$", ",MILLIS,$1");
                files.put(root.relativize(f).toString(), text);
            }
        }
        return files;
    }

    /**
     * The first attempt of the task holding point 3 throws; local[2,2] lets Spark try a task twice. The retry must
     * give the same rows, once: 6 points x 10 policies, no (point, policy) twice, and the local engine's file.
     */
    @Test
    void aTaskThatFailsOnceIsRetriedWithNothingLostOrDuplicated() throws IOException {
        ExperimentSpec spec = BuiltinExperiments.load("demo").quick();
        run(spec, dir.resolve("local"), SweepEngine.local(), null);
        int before = EvaluatePoints.INJECTED_FAILURES.get();
        System.setProperty(SparkSweepEngine.FAIL_FIRST_ATTEMPT_PROPERTY, "3");
        ExperimentRunner.Outcome spark;
        try {
            spark = run(spec, dir.resolve("spark"), new SparkSweepEngine("local[2,2]"), null);
        } finally {
            System.clearProperty(SparkSweepEngine.FAIL_FIRST_ATTEMPT_PROPERTY);
        }
        assertEquals(1, EvaluatePoints.INJECTED_FAILURES.get() - before, "the hook fired on the first attempt only");
        assertEquals(6, spark.pointsRun());
        List<ExperimentRow> rows = spark.store().rows();
        assertEquals(60, rows.size());
        Set<String> keys = new HashSet<>();
        for (ExperimentRow r : rows) assertTrue(keys.add(r.point().index() + "/" + r.policy()), "duplicate row " + r.point().index() + " " + r.policy());
        assertArrayEquals(metrics(dir.resolve("local")), metrics(dir.resolve("spark")));
    }

    /** Without retries (local[2]) the same failure ends the run, and what was stored before it is resumed, not redone. */
    @Test
    void aDriverStoppedBetweenBatchesResumesFromTheStore() throws IOException {
        ExperimentSpec spec = BuiltinExperiments.load("demo").quick();
        run(spec, dir.resolve("local"), SweepEngine.local(), null);
        Path out = dir.resolve("spark");
        // Batches are at least 2 x the task slots (4 points here): the first batch is stored, then the "driver" dies.
        RuntimeException killed = assertThrows(RuntimeException.class, () -> run(spec, out, new SparkSweepEngine("local[2]"), (done, total) -> {
            throw new IllegalStateException("killed after " + done + " points");
        }));
        assertTrue(killed.getMessage().startsWith("killed after 4"), killed.getMessage());
        assertEquals(4 * 10 + 1, Files.readAllLines(out.resolve(ExperimentStore.METRICS)).size());
        ExperimentRunner.Outcome resumed = run(spec, out, new SparkSweepEngine("local[2]"), null);
        assertEquals(4, resumed.pointsSkipped());
        assertEquals(2, resumed.pointsRun());
        assertArrayEquals(metrics(dir.resolve("local")), metrics(out));
    }

    @Test
    void anUnknownMasterIsBadInput() {
        var e = assertThrows(RuntimeException.class, () -> run(BuiltinExperiments.load("demo").quick(), dir.resolve("x"),
                new SparkSweepEngine("nowhere"), null));
        assertInstanceOf(dev.cotenant.simulator.BadInputException.class, e);
        assertTrue(e.getMessage().startsWith("--master: not a Spark master URL: 'nowhere'"), e.getMessage());
    }

    static ExperimentSpec optimumSweep() {
        ExperimentSpec b = BuiltinExperiments.load("heuristics-vs-optimum");
        ExperimentSpec.WorkloadSpec w = b.workload();
        return new ExperimentSpec(b.name(), b.title(), b.paper(), b.description(),
                new ExperimentSpec.WorkloadSpec(w.source(), w.sourceName(), w.samplesPerModel(), 60, w.sangerSequenceLength()), b.kernel(),
                b.policies(), new ExperimentSpec.SweepSpec(b.sweep().loadAxis(), b.sweep().loads(), b.sweep().sloMultipliers(), List.of(1L, 2L)),
                b.metrics());
    }

    @SuppressWarnings("unchecked")
    private static Object sessionField(Path folder, String key) throws IOException {
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readValue(folder.resolve(ExperimentStore.MANIFEST).toFile(), java.util.Map.class);
        List<Object> sessions = (List<Object>) manifest.get("sessions");
        return ((java.util.Map<String, Object>) sessions.get(sessions.size() - 1)).get(key);
    }
}
