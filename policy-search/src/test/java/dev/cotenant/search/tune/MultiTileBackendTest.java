package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MocaWorkloads;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileWorkload;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MoCA's policy tuned through the multi-tile kernel: the same guarantees as the time-multiplexed backend. */
class MultiTileBackendTest {
    static final Scenario MIXED = Scenarios.byName("moca-mixed-medium");
    static final MultiTileWorkload WORKLOAD = MocaWorkloads.dense(MultiTileHardware.moca(), MIXED);
    @TempDir Path dir;

    static EvaluationBackend backend() { return new MultiTileBackend(WORKLOAD, MIXED, 1, "moca-mixed-medium (test)"); }

    static TuningSettings settings(String objective, int threads, long seed) {
        double rate = MocaWorkloads.arrivalRatePerSecond(WORKLOAD, MIXED.offeredLoad());
        return new TuningSettings("moca", Map.of(), new TraceDistribution(rate, rate * 1.2, MIXED.sloMultiplierMin(), MIXED.sloMultiplierMax(), 40),
                3, 3, Objective.parse(objective), 6, 3, seed, 0, 0, 0, threads);
    }

    @Test
    void sameSearchOnOneThreadAndOnThree() throws Exception {
        TuningResult one = new Tuner(backend(), settings("sla_satisfaction", 1, 3)).run(dir.resolve("one"), false, null);
        TuningResult three = new Tuner(backend(), settings("sla_satisfaction", 3, 3)).run(dir.resolve("three"), false, null);
        TunerReproducibilityTest.assertSameSearch(one, three);
    }

    @Test
    void theTunedVectorScoresItsFitnessAgainAndNoWorseThanPublished() throws Exception {
        TuningResult r = new Tuner(backend(), settings("0.5*sla_satisfaction+0.5*fairness", 2, 4)).run(dir, false, null);
        ValidationReport.Comparison c = r.validationReport().comparison();
        // Validation re-runs the tuned vector on the training traces through a fresh session: bit-identical to the search's fitness.
        assertEquals(r.search().best().fitness()[0], c.tunedTraining());
        assertTrue(c.tunedTraining() >= c.defaultTraining(), c.tunedTraining() + " < " + c.defaultTraining());
        // Every multi-tile policy is a baseline at its published vector, beside moca's own.
        List<String> labels = r.validationReport().entries().stream().map(ValidationReport.Entry::label).toList();
        assertTrue(labels.containsAll(List.of("moca (tuned)", "moca (published)", "static-partition", "prema-tm", "planaria-fission", "moca-dysta")), labels.toString());
    }

    @Test
    void anObjectiveTheSettingDoesNotComputeIsRejectedByName() {
        BadInputException e = assertThrows(BadInputException.class, () -> new Tuner(backend(), settings("p99_normalized_turnaround", 1, 1)));
        assertTrue(e.getMessage().contains("--objective") && e.getMessage().contains("p99_normalized_turnaround"), e.getMessage());
        assertThrows(BadInputException.class, () -> new Tuner(backend(), new TuningSettings("dysta", Map.of(),
                settings("stp", 1, 1).traces(), 1, 1, Objective.parse("stp"), 2, 1, 1, 0, 0, 0, 1)), "dysta is not a multi-tile policy");
    }
}
