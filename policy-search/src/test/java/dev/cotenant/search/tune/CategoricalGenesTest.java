package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.Schedulers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Categorical genes: decoding, checkpoints and resume, and the result files, on {@code dysta-family}. */
class CategoricalGenesTest {
    @TempDir Path dir;

    static TuningSettings settings(int generations, int threads, long seed) {
        return new TuningSettings("dysta-family", Map.of(), new TraceDistribution(20, 40, 3, 10, 40), 3, 3,
                Objective.parse("violation_rate+0.01*antt"), 8, generations, seed, 0, 0, 0, threads);
    }

    @Test
    void aChoiceOwnsAnEqualShareOfTheUnitIntervalAndSurvivesEncoding() {
        SearchSpace space = SearchSpace.of("dysta-family", Schedulers.space("dysta-family"), Map.of());
        assertArrayEquals(new int[] {0, 4, 9}, space.categoricalPositions());
        double[] unit = new double[space.size()];
        // the late rule has 3 choices: [0, 1/3) keep, [1/3, 2/3) demote, [2/3, 1) drop-to-last
        for (double[] uc : new double[][] {{0, 0}, {0.3333, 0}, {0.3334, 1}, {0.6666, 1}, {0.6667, 2}, {Math.nextDown(1.0), 2}}) {
            unit[9] = uc[0];
            assertEquals(uc[1], space.decode(unit)[9], "gene " + uc[0]);
        }
        double[] published = Schedulers.space("dysta-family").defaults();
        assertArrayEquals(published, space.decode(space.encode(published)));
        double[] planaria = published.clone();
        planaria[0] = 2;
        planaria[4] = 2;
        planaria[9] = 2;
        assertArrayEquals(planaria, space.decode(space.encode(planaria)));
        assertThrows(BadInputException.class,
                () -> SearchSpace.of("dysta-family", Schedulers.space("dysta-family"), Map.of("late", new double[] {0, 1})));
    }

    @Test
    void resumeAfterACrashGivesTheUninterruptedAnswerWithCategoricalGenes() throws Exception {
        Path full = dir.resolve("full");
        Path crashed = dir.resolve("crashed");
        TuningResult uninterrupted = new Tuner(TunerReproducibilityTest.backend(), settings(6, 2, 7)).run(full, false, null);
        assertThrows(IllegalStateException.class, () -> new Tuner(TunerReproducibilityTest.backend(), settings(6, 2, 7)).run(crashed, false,
                (row, rate, dims) -> {
                    if (row.generation() == 3) throw new IllegalStateException("killed");
                }));
        TuningResult resumed = new Tuner(TunerReproducibilityTest.backend(), settings(6, 1, 7)).run(crashed, true, null);
        TunerReproducibilityTest.assertSameSearch(uninterrupted, resumed);
        assertArrayEquals(uninterrupted.bestParameters(), resumed.bestParameters());
        assertEquals(Files.readString(full.resolve(TuningOutputs.VALIDATION)), Files.readString(crashed.resolve(TuningOutputs.VALIDATION)));

        // best.json names the choice, not its index, and lists the choices searched
        String best = Files.readString(full.resolve(TuningOutputs.BEST));
        Parameter late = uninterrupted.space().bounds().get(9);
        String chosen = late.format(uninterrupted.bestParameters()[9]);
        assertTrue(best.contains("\"late\" : \"" + chosen + "\""), best);
        assertTrue(best.contains("\"choices\" : [ \"keep\", \"demote\", \"drop-to-last\" ]"), best);
    }
}
