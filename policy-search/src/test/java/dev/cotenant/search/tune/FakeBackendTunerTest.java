package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tuner on a closed-form backend: it finds the known optimum, searches log parameters in log space, and returns a true Pareto front. */
class FakeBackendTunerTest {
    @TempDir Path dir;

    static TuningSettings settings(String objective, int population, int generations, long maxEvaluations, int patience) {
        return new TuningSettings("fake", Map.of(), new TraceDistribution(1, 2, 1, 1, 10), 3, 2,
                Objective.parse(objective), population, generations, 7, maxEvaluations, 0, patience, 1);
    }

    @Test
    void findsTheKnownOptimumOfALinearAndALogParameter() throws Exception {
        TuningResult r = new Tuner(new FakeBackend(), settings("violation_rate", 20, 40, 0, 0)).run(dir, false, null);
        double[] best = r.bestParameters();
        // Optimum x = 7, y = 100, from a published 0.60: within 3e-4 of the optimum means |x - 7| < 0.18 and
        // y within a factor 1.5 of 100 (the y term is flat: (log10 y - 2)^2 / 36).
        assertTrue(FakeBackend.violation(best) < 3e-4, "x = " + best[0] + ", y = " + best[1]);
        assertEquals(7, best[0], 0.18);
        assertEquals(2, Math.log10(best[1]), Math.log10(1.5));
        // Training mean adds 0.01 * (0 + 1 + 2) / 3 = 0.01 to the closed form.
        assertEquals(FakeBackend.violation(best) + 0.01, r.search().best().fitness()[0], 1e-12);
        // The published vector (x = 0, y = 1) scores 0.49 + 4/36 + 0.01 on training.
        assertEquals(0.49 + 4.0 / 36 + 0.01, r.validationReport().comparison().defaultTraining(), 1e-12);
        assertTrue(r.validationReport().comparison().gainHeld());
    }

    @Test
    void paretoFrontIsMutuallyNonDominatedAndSpansTheTradeOff() throws Exception {
        TuningResult r = new Tuner(new FakeBackend(), settings("violation_rate,antt", 16, 15, 0, 0)).run(dir, false, null);
        List<Checkpoint.Individual> front = r.search().front();
        assertTrue(front.size() >= 5, "front of " + front.size());
        for (Checkpoint.Individual a : front) {
            for (Checkpoint.Individual b : front) {
                assertTrue(io.jenetics.ext.moea.Pareto.dominance(a.fitness(), b.fitness()) <= 0);
            }
        }
        // Along the front x runs from small (low violation... no: low x means high ANTT) to about 7.
        double maxX = front.stream().mapToDouble(i -> r.space().decode(i.genes())[0]).max().orElseThrow();
        assertTrue(maxX > 6.5 && maxX <= 10, "x up to " + maxX);
        assertEquals(front.size() + 1, Files.readAllLines(dir.resolve(TuningOutputs.PARETO)).size());
    }

    @Test
    void evaluationBudgetStopsAfterTheGenerationThatSpendsIt() throws Exception {
        TuningResult r = new Tuner(new FakeBackend(), settings("violation_rate", 10, 50, 10, 0)).run(dir, false, null);
        assertEquals(Tuner.StopReason.EVALUATIONS, r.search().stopReason());
        // Generation 1 evaluates the 10 initial vectors and its offspring, so one generation spends the budget.
        assertEquals(1, r.search().generationsDone());
    }

    @Test
    void patienceStopsASearchThatCannotImprove() throws Exception {
        // A range of one point: every vector is the same, nothing can improve after generation 1.
        TuningSettings s = new TuningSettings("fake", Map.of("x", new double[] {3, 3}, "y", new double[] {2, 2}),
                new TraceDistribution(1, 2, 1, 1, 10), 2, 2, Objective.parse("violation_rate"), 4, 50, 7, 0, 0, 3, 1);
        TuningResult r = new Tuner(new FakeBackend(), s).run(dir, false, null);
        assertEquals(Tuner.StopReason.NO_IMPROVEMENT, r.search().stopReason());
        assertEquals(4, r.search().generationsDone());
    }

    @Test
    void badInputIsRejectedBeforeAnythingIsWritten() {
        FakeBackend b = new FakeBackend();
        assertThrows(BadInputException.class, () -> new Tuner(b, new TuningSettings("fake", Map.of("z", new double[] {0, 1}),
                new TraceDistribution(1, 2, 1, 1, 10), 2, 2, Objective.parse("antt"), 4, 5, 7, 0, 0, 0, 1)));
        assertThrows(BadInputException.class, () -> new Tuner(b, new TuningSettings("fake", Map.of("x", new double[] {5, 4}),
                new TraceDistribution(1, 2, 1, 1, 10), 2, 2, Objective.parse("antt"), 4, 5, 7, 0, 0, 0, 1)));
        assertThrows(BadInputException.class, () -> new Tuner(b, new TuningSettings("fake", Map.of("x", new double[] {-1, 4}),
                new TraceDistribution(1, 2, 1, 1, 10), 2, 2, Objective.parse("antt"), 4, 5, 7, 0, 0, 0, 1)));
        assertThrows(BadInputException.class, () -> settings("antt", 1, 5, 0, 0));
        assertThrows(BadInputException.class, () -> settings("jain_index", 4, 5, 0, 0));
        assertEquals(0, b.batches);
    }
}
