package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.TracePoint;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.policy.Schedulers;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {
    @Test
    void logParametersAreSearchedInTheirLogarithm() {
        // dysta's beta: log scale on [1e-5, 10]; the gene's midpoint is the geometric mean 1e-2 (the published value).
        SearchSpace s = SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of());
        assertEquals(1e-2, s.decode(new double[] {0.5})[0], 1e-15);
        assertEquals(0.5, SearchSpace.unit(s.encode(new double[] {1e-2}))[0], 1e-12);
        assertEquals(1e-5, s.decode(new double[] {0})[0]);
        // prema's thresholds are linear: threshold_mid on [1, 27] at gene 0.25 is 7.5.
        SearchSpace prema = SearchSpace.of("prema", Schedulers.space("prema"), Map.of());
        assertEquals(7.5, prema.decode(new double[] {0, 0.25, 0})[1], 1e-12);
    }

    @Test
    void narrowedBoundsAreCheckedAgainstThePolicy() {
        SearchSpace s = SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of("beta", new double[] {1e-3, 1}));
        assertEquals(1e-3 * Math.sqrt(1e3), s.decode(new double[] {0.5})[0], 1e-15);
        assertThrows(BadInputException.class, () -> SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of("gamma", new double[] {0, 1})));
        assertThrows(BadInputException.class, () -> SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of("beta", new double[] {1, 0.1})));
        assertThrows(BadInputException.class, () -> SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of("beta", new double[] {1e-6, 1})));
        assertThrows(BadInputException.class, () -> SearchSpace.of("fcfs", Schedulers.space("fcfs"), Map.of()));
    }

    @Test
    void validationTracesNeverReuseATrainingSeed() {
        TraceDistribution d = new TraceDistribution(30, 40, 10, 10, 200);
        List<TracePoint> training = d.training(50, 3);
        List<TracePoint> validation = d.validation(50, 3, training);
        Set<Long> seeds = new HashSet<>();
        for (TracePoint t : training) seeds.add(t.seed());
        for (TracePoint t : validation) assertTrue(seeds.add(t.seed()));
        for (TracePoint t : training) {
            assertTrue(t.load() >= 30 && t.load() <= 40);
            assertEquals(10, t.sloMultiplierMin());
        }
        assertEquals(training, d.training(50, 3));
        assertThrows(BadInputException.class, () -> new TraceDistribution(40, 30, 10, 10, 200));
    }
}
