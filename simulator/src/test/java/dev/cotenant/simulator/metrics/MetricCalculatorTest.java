package dev.cotenant.simulator.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The per-request and from-sums rules other modules call instead of re-deriving them. */
class MetricCalculatorTest {
    @Test
    void lateMeansStrictlyAfterTheDeadline() {
        assertFalse(MetricCalculator.isLate(1.0, 2.0));
        assertFalse(MetricCalculator.isLate(2.0, 2.0), "finishing exactly at the deadline meets it");
        assertTrue(MetricCalculator.isLate(Math.nextUp(2.0), 2.0));
    }

    @Test
    void normalizedTurnaroundIsTurnaroundOverIsolatedLatency() {
        assertEquals(1.0, MetricCalculator.normalizedTurnaround(3, 5, 2));
        assertEquals(2.5, MetricCalculator.normalizedTurnaround(1, 6, 2));
    }

    @Test
    void ratesFromSums() {
        assertEquals(0.25, MetricCalculator.priorityWeightedViolationRate(1, 4));
        assertEquals(1.5, MetricCalculator.antt(6, 4));
    }
}
