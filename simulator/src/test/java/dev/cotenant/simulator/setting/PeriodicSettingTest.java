package dev.cotenant.simulator.setting;

import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A periodic scenario through the setting port: the same traces, drop rule and metrics as the scenario's own generator. */
class PeriodicSettingTest {
    private static final Scenario NOMINAL = Scenarios.byName("xr-vr-gaming");
    private static final Scenario SCALED = Scenarios.byName("xr-vr-gaming-load1.5");
    /** The nominal and scaled scenarios share their seed, so their latency tables are the same. */
    private static final LatencyDirectory DIRECTORY = Scenarios.latencyDirectoryWithSanger(SCALED, 4);

    @Test
    void aPointAtTheScenariosLoadIsTheScenariosOwnTrace() {
        TimeMultiplexedSetting setting = TimeMultiplexedSetting.periodic(SCALED, DIRECTORY, KernelOptions.PUBLISHED, null, "test");
        assertEquals(DropRule.LATE, setting.options().drop(), "the scenario's drop rule, with no override");
        assertEquals(DropRule.NONE, TimeMultiplexedSetting.periodic(SCALED, DIRECTORY, KernelOptions.PUBLISHED, DropRule.NONE, "t")
                .options().drop(), "an override wins");
        // The point's load is an offered load: 1.5 gives the rate scale 1.5 / nominal load, what simulate --scenario uses.
        Trace fromSetting = setting.compile(List.of(new TracePoint("", 9, 1.5, 1, 250))).get(0).trace();
        assertSameTrace(Scenarios.trace(SCALED, DIRECTORY, 250, 9), fromSetting);
        // The nominal load itself gives rate scale exactly 1: the nominal scenario's trace.
        Trace nominal = setting.compile(List.of(new TracePoint("", 9, setting.nominalLoad(), 1, 250))).get(0).trace();
        assertSameTrace(Scenarios.trace(NOMINAL, DIRECTORY, 250, 9), nominal);
    }

    @Test
    void requestsPerSecondAtLoadOneFollowTheStreams() {
        TimeMultiplexedSetting setting = TimeMultiplexedSetting.periodic(NOMINAL, DIRECTORY, KernelOptions.PUBLISHED, null, "test");
        // VR gaming: 60 + 60 (every eye frame runs gaze) + 45 frames per second at the nominal load.
        assertEquals(165 / setting.nominalLoad(), setting.requestsPerSecondAtFullLoad(), 1e-9);
        assertTrue(setting.isPeriodic());
    }

    @Test
    void aSessionDropsLateFramesAtOverload() {
        TimeMultiplexedSetting setting = TimeMultiplexedSetting.periodic(SCALED, DIRECTORY, KernelOptions.PUBLISHED, null, "test");
        try (Setting.Session session = setting.open(List.of(new TracePoint("", 3, 1.5, 1, 300)), 1)) {
            Setting.Metrics m = session.evaluate(List.of(new Setting.PolicyVector("fcfs", new double[0])), null);
            // Offered load 1.5: at most 1 / 1.5 of the work fits, so with late drops some frame must go.
            assertTrue(m.get(0, 0, Metric.DROP_RATE) > 0, "drops at load 1.5");
            assertTrue(m.get(0, 0, Metric.XR_SCORE) < 100);
        }
    }

    private static void assertSameTrace(Trace expected, Trace actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.arrivalSeconds(r), actual.arrivalSeconds(r), 0, "arrival " + r);
            assertEquals(expected.modelId(r), actual.modelId(r), "model " + r);
            assertEquals(expected.sample(r), actual.sample(r), "sample " + r);
            assertEquals(expected.targetLatencySeconds(r), actual.targetLatencySeconds(r), 0, "deadline " + r);
            assertEquals(expected.dependencyCount(r), actual.dependencyCount(r), "dependencies " + r);
        }
    }
}
