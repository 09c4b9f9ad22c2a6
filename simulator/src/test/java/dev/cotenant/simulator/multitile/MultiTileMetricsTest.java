package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.metrics.MetricCalculator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The multi-tile SLA rule, shared by the metrics and {@code cotenant moca-optimal}'s schedule.csv. */
class MultiTileMetricsTest {
    @Test
    void meetingADeadlineIncludesFinishingExactlyAtIt() {
        assertTrue(MultiTileMetrics.meetsDeadline(1.0, 2.0));
        assertTrue(MultiTileMetrics.meetsDeadline(2.0, 2.0));
        assertFalse(MultiTileMetrics.meetsDeadline(Math.nextUp(2.0), 2.0));
    }

    @Test
    void meetingIsTheComplementOfTheTimeMultiplexedLateness() {
        double[] finishes = {0, 1.5, Math.nextDown(2.0), 2.0, Math.nextUp(2.0), 3, Double.POSITIVE_INFINITY};
        for (double f : finishes) assertEquals(!MetricCalculator.isLate(f, 2.0), MultiTileMetrics.meetsDeadline(f, 2.0), "finish " + f);
    }
}
