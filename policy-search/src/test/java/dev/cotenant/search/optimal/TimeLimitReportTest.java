package dev.cotenant.search.optimal;

import dev.cotenant.simulator.kernel.CompiledTrace;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimiser says when the wall clock, not the move budget, ended a search: the one case its answer depends on the machine. */
class TimeLimitReportTest {
    // exact solver only for pairs, so every larger busy period goes to OptaPlanner
    private static OfflineOptimizer.Settings settings(Integer movesPerRequest) {
        OfflineOptimizer.Settings d = OfflineOptimizer.Settings.defaults(Duration.ofSeconds(30));
        return new OfflineOptimizer.Settings(d.objective(), d.timeLimit(), 2, d.exactNodeLimit(), false, movesPerRequest, 1);
    }

    @Test
    void aMoveBudgetThatBindsIsReportedAsSuchAndRepeats() {
        CompiledTrace trace = Instances.small(7, 10);
        OfflineOptimizer.Solution a = OfflineOptimizer.solve(trace, settings(20), null);
        assertTrue(a.parts().stream().anyMatch(p -> p.method().equals("optaplanner")), "the instance must exercise OptaPlanner");
        assertEquals(0, a.partsStoppedByTimeLimit());
        assertArrayEquals(a.sequence(), OfflineOptimizer.solve(trace, settings(20), null).sequence());
    }

    @Test
    void withoutAMoveBudgetTheClockEndsEverySearch() {
        CompiledTrace trace = Instances.small(7, 10);
        OfflineOptimizer.Settings d = OfflineOptimizer.Settings.defaults(Duration.ofMillis(100));
        OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace,
                new OfflineOptimizer.Settings(d.objective(), d.timeLimit(), 2, d.exactNodeLimit(), false, null, 1), null);
        long searched = s.parts().stream().filter(p -> p.method().equals("optaplanner")).count();
        assertTrue(searched > 0);
        assertEquals(searched, s.partsStoppedByTimeLimit());
    }
}
