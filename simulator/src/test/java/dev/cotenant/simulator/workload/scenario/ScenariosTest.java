package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenariosTest {
    @Test
    void registryHoldsTheThreeDeploymentsAndTheXrScenarios() {
        // Sparse-DySta's three, then three XR scenarios at nominal rates and two scaled loads each.
        assertEquals(3 + 3 * 3, Scenarios.list().size());
        assertEquals("dysta-mobile-vision", Scenarios.list().get(0).name());
    }

    @Test
    void unknownScenarioListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> Scenarios.byName("x"));
        assertTrue(e.getMessage().startsWith("unknown scenario 'x'; known: dysta-mobile-vision, dysta-arvr-hand-tracking, "),
                e.getMessage());
    }

    @Test
    void mobileVisionDirectoryHasSevenVariantsPerArchitecture() {
        Scenario s = Scenarios.byName("dysta-mobile-vision");
        LatencyDirectory d = Scenarios.latencyDirectory(s, 10);
        assertEquals(21, d.modelCount());
        assertTrue(d.modelId("resnet50_filter60") >= 0);
        assertTrue(d.modelId("mobilenetv2_dense") >= 0);
        double rate = Scenarios.arrivalRatePerSecond(s, d);
        double meanIsolated = d.tables().stream().mapToDouble(t -> t.meanEndToEndSeconds()).average().orElseThrow();
        assertEquals(0.8, rate * meanIsolated, 1e-12, "offered load = rate x mean isolated latency");
    }

    @Test
    void attentionScenarioNeedsASangerModel() {
        Scenario s = Scenarios.byName("dysta-datacentre-assistant");
        assertTrue(assertThrows(BadInputException.class, () -> Scenarios.latencyDirectory(s, 5)).getMessage()
                .startsWith("dysta-datacentre-assistant: has attention model"));
        LatencyDirectory d = Scenarios.latencyDirectory(s, 5, SparseCnnAccelerator.eyerissV2(),
                samples -> (density, balance) -> samples.sequenceLength() * 1e-6 * density / balance);
        assertEquals(List.of("bart", "bert", "gpt2"), d.tables().stream().map(t -> t.modelName()).toList());
        assertEquals(18, d.table(d.modelId("bart")).layerCount());
    }

}
