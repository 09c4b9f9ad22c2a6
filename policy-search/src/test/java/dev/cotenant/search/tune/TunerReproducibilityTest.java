package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dysta on the built-in demo models through the real simulator: the search is a pure function
 * of its settings (thread count, interruption and resume change nothing), and a checkpoint is
 * never overwritten by a run that should not touch it.
 */
class TunerReproducibilityTest {
    static final LatencyDirectory DEMO = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
    @TempDir Path dir;

    static Setting backend() {
        return new TimeMultiplexedSetting(DEMO, TimeMultiplexedSetting.publishedPriorities(), KernelOptions.PUBLISHED, "builtin:demo");
    }

    static TuningSettings settings(String objective, int generations, int threads, long seed) {
        return new TuningSettings("dysta", Map.of(), new TraceDistribution(20, 40, 3, 10, 40), 3, 3,
                Objective.parse(objective), 6, generations, seed, 0, 0, 0, threads);
    }

    /** What must not depend on how the run was executed: every generation's numbers and the answer. */
    static void assertSameSearch(TuningResult a, TuningResult b) {
        assertEquals(a.search().history().size(), b.search().history().size());
        for (int g = 0; g < a.search().history().size(); g++) {
            HistoryRow x = a.search().history().get(g);
            HistoryRow y = b.search().history().get(g);
            assertEquals(x.evaluations(), y.evaluations(), "generation " + x.generation());
            assertArrayEquals(x.best(), y.best(), "generation " + x.generation());
            assertArrayEquals(x.mean(), y.mean(), "generation " + x.generation());
        }
        assertEquals(a.search().front().size(), b.search().front().size());
        for (int i = 0; i < a.search().front().size(); i++) {
            assertArrayEquals(a.search().front().get(i).genes(), b.search().front().get(i).genes());
        }
        if (a.search().best() != null) assertArrayEquals(a.search().best().genes(), b.search().best().genes());
        assertEquals(a.validationReport().comparison(), b.validationReport().comparison());
    }

    @Test
    void sameAnswerOnOneThreadAndOnFour() throws Exception {
        TuningResult one = new Tuner(backend(), settings("antt", 4, 1, 11)).run(dir.resolve("one"), false, null);
        TuningResult four = new Tuner(backend(), settings("antt", 4, 4, 11)).run(dir.resolve("four"), false, null);
        assertSameSearch(one, four);
        // The seed matters: another seed draws other traces and another population.
        TuningResult other = new Tuner(backend(), settings("antt", 4, 2, 12)).run(dir.resolve("other"), false, null);
        assertTrue(other.search().best().fitness()[0] != one.search().best().fitness()[0]);
    }

    @Test
    void tunedTrainingScoreIsTheSearchFitnessAndNoWorseThanPublished() throws Exception {
        TuningResult r = new Tuner(backend(), settings("antt", 4, 2, 11)).run(dir, false, null);
        ValidationReport.Comparison c = r.validationReport().comparison();
        // Validation re-runs the tuned vector on the same training traces: common random numbers make it exact.
        assertEquals(r.search().best().fitness()[0], c.tunedTraining());
        // The published vector is in the first population and the best survives, so tuning cannot lose on training.
        assertTrue(c.tunedTraining() <= c.defaultTraining(), c.tunedTraining() + " > " + c.defaultTraining());
        List<String> lines = Files.readAllLines(dir.resolve(TuningOutputs.VALIDATION));
        int policies = r.validationReport().entries().size();
        assertEquals(1 + policies * (3 + 3), lines.size());
        assertEquals(1 + 4, Files.readAllLines(dir.resolve(TuningOutputs.HISTORY)).size());
        assertTrue(Files.readString(dir.resolve(TuningOutputs.BEST)).contains("\"beta\""));
    }

    @Test
    void resumeAfterACrashGivesTheUninterruptedAnswer() throws Exception {
        for (String objective : List.of("violation_rate+0.01*antt", "violation_rate,antt")) {
            Path full = dir.resolve("full" + objective.length());
            Path crashed = dir.resolve("crashed" + objective.length());
            TuningResult uninterrupted = new Tuner(backend(), settings(objective, 6, 2, 5)).run(full, false, null);
            // Die right after generation 3's checkpoint, as a SIGKILL between generations would.
            assertThrows(IllegalStateException.class, () -> new Tuner(backend(), settings(objective, 6, 2, 5)).run(crashed, false,
                    (row, rate, dims) -> {
                        if (row.generation() == 3) throw new IllegalStateException("killed");
                    }));
            assertTrue(Files.exists(crashed.resolve(Checkpoint.FILE_NAME)));
            assertTrue(Files.notExists(crashed.resolve(TuningOutputs.BEST)));
            TuningResult resumed = new Tuner(backend(), settings(objective, 6, 1, 5)).run(crashed, true, null);
            assertSameSearch(uninterrupted, resumed);
        }
    }

    @Test
    void anExistingCheckpointIsNeverOverwrittenByARunThatMayNotUseIt() throws Exception {
        new Tuner(backend(), settings("antt", 2, 2, 5)).run(dir, false, null);
        Path checkpoint = dir.resolve(Checkpoint.FILE_NAME);
        byte[] before = Files.readAllBytes(checkpoint);
        // A fresh run into the same folder.
        assertThrows(BadInputException.class, () -> new Tuner(backend(), settings("antt", 2, 2, 5)).run(dir, false, null));
        // A resume with settings that would change the trajectory.
        BadInputException e = assertThrows(BadInputException.class,
                () -> new Tuner(backend(), settings("antt", 4, 2, 6)).run(dir, true, null));
        assertTrue(e.getMessage().contains("different run"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(checkpoint));
        // A corrupt checkpoint.
        Files.writeString(checkpoint, "{\"format\": 1, \"population\": [");
        byte[] corrupt = Files.readAllBytes(checkpoint);
        e = assertThrows(BadInputException.class, () -> new Tuner(backend(), settings("antt", 4, 2, 5)).run(dir, true, null));
        assertTrue(e.getMessage().contains("corrupt checkpoint"), e.getMessage());
        assertArrayEquals(corrupt, Files.readAllBytes(checkpoint));
        // A resume of a finished run with a larger generation budget continues it.
        Files.write(checkpoint, before);
        TuningResult more = new Tuner(backend(), settings("antt", 4, 2, 5)).run(dir, true, null);
        assertEquals(4, more.search().generationsDone());
        assertEquals(4, more.search().history().size());
    }
}
