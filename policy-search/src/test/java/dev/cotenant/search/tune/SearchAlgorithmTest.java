package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random search and the (1+lambda) evolution strategy under the tuner's budgets, checkpoints and resume. */
class SearchAlgorithmTest {
    @TempDir Path dir;

    static TuningSettings settings(SearchAlgorithm search, int generations, long maxEvaluations) {
        return FakeBackendTunerTest.settings("violation_rate", 10, generations, maxEvaluations, 0).withSearch(search);
    }

    @Test
    void everyGenerationAfterTheFirstEvaluatesAFullPopulationOfNewVectors() throws Exception {
        for (SearchAlgorithm search : new SearchAlgorithm[] {SearchAlgorithm.RANDOM, SearchAlgorithm.ES}) {
            TuningResult r = new Tuner(new FakeBackend(), settings(search, 50, 35)).run(dir.resolve(search.label()), false, null);
            // 10 per generation, generation 1 being the shared initial population: 35 is spent after generation 4, at 40.
            assertEquals(Tuner.StopReason.EVALUATIONS, r.search().stopReason());
            assertEquals(4, r.search().generationsDone());
            assertEquals(40, r.search().evaluations());
        }
    }

    @Test
    void theEvolutionStrategyClimbsAndBeatsRandomSearchOnASmoothBowl() throws Exception {
        // The closed form is one smooth bowl (optimum x = 7, y = 100, violation 0 + 0.01 trace offset):
        // a local search around the best must get closer than uniform sampling at the same 200 evaluations.
        TuningResult es = new Tuner(new FakeBackend(), settings(SearchAlgorithm.ES, 100, 200)).run(dir.resolve("es"), false, null);
        TuningResult random = new Tuner(new FakeBackend(), settings(SearchAlgorithm.RANDOM, 100, 200)).run(dir.resolve("random"), false, null);
        double esExcess = es.search().best().fitness()[0] - 0.01;
        double randomExcess = random.search().best().fitness()[0] - 0.01;
        assertTrue(esExcess < 1e-3, "es excess " + esExcess);
        assertTrue(esExcess < randomExcess, esExcess + " vs random " + randomExcess);
    }

    @Test
    void resumeAfterACrashGivesTheUninterruptedAnswer() throws Exception {
        for (SearchAlgorithm search : new SearchAlgorithm[] {SearchAlgorithm.RANDOM, SearchAlgorithm.ES}) {
            TuningResult full = new Tuner(new FakeBackend(), settings(search, 6, 0)).run(dir.resolve("full" + search), false, null);
            Path crashed = dir.resolve("crashed" + search);
            assertThrows(IllegalStateException.class, () -> new Tuner(new FakeBackend(), settings(search, 6, 0)).run(crashed, false,
                    (row, rate, dims) -> {
                        if (row.generation() == 3) throw new IllegalStateException("killed");
                    }));
            TuningResult resumed = new Tuner(new FakeBackend(), settings(search, 6, 0)).run(crashed, true, null);
            TunerReproducibilityTest.assertSameSearch(full, resumed);
        }
    }

    @Test
    void theGeneticAlgorithmsFingerprintIsUnchangedAndOthersAreRecorded() {
        SearchSpace space = SearchSpace.of("fake", FakeBackend.SPACE, java.util.Map.of());
        assertFalse(settings(SearchAlgorithm.GA, 5, 0).trajectoryFingerprint(space, new FakeBackend()).containsKey("search"));
        assertEquals("es", settings(SearchAlgorithm.ES, 5, 0).trajectoryFingerprint(space, new FakeBackend()).get("search"));
        assertThrows(BadInputException.class, () -> FakeBackendTunerTest.settings("violation_rate,antt", 10, 5, 0, 0).withSearch(SearchAlgorithm.ES));
        assertThrows(BadInputException.class, () -> SearchAlgorithm.parse("annealing"));
    }
}
