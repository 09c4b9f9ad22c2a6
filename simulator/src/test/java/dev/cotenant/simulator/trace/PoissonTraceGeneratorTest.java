package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoissonTraceGeneratorTest {
    private final LatencyDirectory directory = TraceCsvTest.directory();

    @Test
    void sameSeedGivesTheSameTrace() {
        Trace a = PoissonTraceGenerator.generate(directory, 1000, 20, 3, 42);
        Trace b = PoissonTraceGenerator.generate(directory, 1000, 20, 3, 42);
        TraceCsvTest.assertSame(a, b);
    }

    @Test
    void differentSeedGivesADifferentTrace() {
        Trace a = PoissonTraceGenerator.generate(directory, 1000, 20, 3, 42);
        Trace b = PoissonTraceGenerator.generate(directory, 1000, 20, 3, 43);
        boolean differs = false;
        for (int i = 0; i < a.size() && !differs; i++) {
            differs = a.arrivalSeconds(i) != b.arrivalSeconds(i) || a.modelId(i) != b.modelId(i)
                    || a.sample(i) != b.sample(i) || a.priority(i) != b.priority(i);
        }
        assertTrue(differs);
    }

    @Test
    void meanGapIsOneOverTheRate() {
        double ratePerSecond = 50;
        int requests = 20_000;
        Trace trace = PoissonTraceGenerator.generate(directory, requests, ratePerSecond, 3, 7);
        // First arrival = first gap, so the last arrival is the sum of all gaps.
        double meanGapSeconds = trace.arrivalSeconds(requests - 1) / requests;
        // Exponential gaps have standard deviation = mean, so the sample mean's standard error is
        // mean / sqrt(20000) = 0.71% of the mean; 3% is over 4 standard errors (the seed is fixed,
        // so the test is deterministic; the margin only keeps it valid under another seed).
        assertEquals(1 / ratePerSecond, meanGapSeconds, 0.03 / ratePerSecond);
        assertTrue(trace.arrivalSeconds(0) > 0);
        for (int i = 1; i < requests; i++) assertTrue(trace.arrivalSeconds(i) >= trace.arrivalSeconds(i - 1));
    }

    @Test
    void drawsStayInRangeAndTargetsFollowTheArchitectureMean() {
        double sloMultiplier = 2.5;
        Trace trace = PoissonTraceGenerator.generate(directory, 5000, 100, sloMultiplier, 1);
        Set<Double> priorities = new TreeSet<>();
        Set<Integer> models = new TreeSet<>();
        for (int i = 0; i < trace.size(); i++) {
            priorities.add(trace.priority(i));
            int model = trace.modelId(i);
            models.add(model);
            assertTrue(trace.sample(i) >= 0 && trace.sample(i) < directory.table(model).sampleCount());
            assertEquals(sloMultiplier * directory.architectureMeanEndToEndSeconds(model), trace.targetLatencySeconds(i));
        }
        assertEquals(Set.of(1.0, 3.0, 9.0), priorities);
        assertEquals(Set.of(0, 1), models);
    }

    @Test
    void badInputNamesTheSettingNotAFlag() {
        // the generator's own words; the CLI renders each at its command's option (CliVocabularyTest)
        assertSetting("arrival_rate_per_s", () -> PoissonTraceGenerator.generate(directory, 10, 0, 3, 1));
        assertSetting("arrival_rate_per_s", () -> PoissonTraceGenerator.generate(directory, 10, Double.NaN, 3, 1));
        assertSetting("arrival_rate_per_s", () -> PoissonTraceGenerator.generate(directory, 10, Double.POSITIVE_INFINITY, 3, 1));
        assertSetting("requests", () -> PoissonTraceGenerator.generate(directory, 0, 10, 3, 1));
        assertSetting("slo_multiplier", () -> PoissonTraceGenerator.generate(directory, 10, 10, 0, 1));
        assertSetting("slo_multiplier", () -> PoissonTraceGenerator.generate(directory, 10, 10, -2, 1));
    }

    private static void assertSetting(String setting, Runnable call) {
        BadInputException e = assertThrows(BadInputException.class, call::run);
        assertTrue(e.isSetting(), e.getMessage());
        assertEquals(setting, e.where());
        assertEquals(setting + ": " + e.problem(), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("--"), e.getMessage());
    }
}
