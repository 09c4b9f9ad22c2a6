package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XrScenariosTest {
    @Test
    void scaledLoadsReachTheirTargetAndTracesFollowTheStreams() {
        Scenario nominal = Scenarios.byName("xr-vr-gaming");
        Scenario scaled = Scenarios.byName("xr-vr-gaming-load0.7");
        assertTrue(nominal.isPeriodic());
        assertEquals(DropRule.LATE, nominal.drop());
        LatencyDirectory directory = Scenarios.latencyDirectoryWithSanger(nominal, 8);
        double load = Scenarios.nominalLoad(nominal, directory);
        // By definition the scaled scenario's rates are the nominal ones times 0.7 / nominal load.
        assertEquals(0.7 / load, Scenarios.rateScale(scaled, directory), 1e-12);
        assertEquals(1, Scenarios.rateScale(nominal, directory), 0);
        // The offered load is the sum of rate x run share x mean latency: at the scaled rates, 0.7.
        double offered = 0;
        for (int i = 0; i < scaled.streams().size(); i++) {
            var s = scaled.streams().get(i);
            offered += s.framesPerSecond() * Scenarios.rateScale(scaled, directory)
                    * dev.cotenant.simulator.trace.PeriodicTraceGenerator.runShare(scaled.streams(), i)
                    * directory.table(directory.modelId(s.model())).meanEndToEndSeconds();
        }
        assertEquals(0.7, offered, 1e-12);
        Trace trace = Scenarios.trace(nominal, directory, 500, 1);
        assertEquals(500, trace.size());
        assertTrue(trace.hasDependencies());
        // Hand tracking at 45 fps: deadline one period.
        int ht = directory.modelId("handgraphcnn_dense");
        for (int r = 0; r < trace.size(); r++) if (trace.modelId(r) == ht) assertEquals(1 / 45.0, trace.targetLatencySeconds(r), 1e-15);
    }

    @Test
    void poissonRateOfAPeriodicScenarioIsRefused() {
        Scenario s = Scenarios.byName("xr-ar-assistant");
        LatencyDirectory directory = Scenarios.latencyDirectoryWithSanger(s, 4);
        assertTrue(assertThrows(BadInputException.class, () -> Scenarios.arrivalRatePerSecond(s, directory)).getMessage()
                .startsWith("xr-ar-assistant: is periodic"));
    }
}
