package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.workload.SystolicProfile;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.cost.SystolicTile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenariosTest {
    @Test
    void registryHoldsTheThreeDeploymentsAndNineMocaSets() {
        assertEquals(12, Scenarios.list().size());
        assertEquals("dysta-mobile-vision", Scenarios.list().get(0).name());
        assertEquals(1.2, Scenarios.byName("moca-heavy-tight").sloMultiplierMin());
    }

    @Test
    void unknownScenarioListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> Scenarios.byName("x"));
        assertTrue(e.getMessage().startsWith("unknown scenario 'x'; known: dysta-mobile-vision, dysta-arvr-hand-tracking, "),
                e.getMessage());
    }

    @Test
    void lightAndHeavySetsSplitTheMocaNetworksByOneRule() {
        assertEquals(List.of("kwsdscnn", "squeezenet", "googlenet", "resnet18"), Scenarios.byName("moca-light-loose").architectures());
        assertEquals(List.of("alexnet", "yolov2tiny", "resnet50"), Scenarios.byName("moca-heavy-loose").architectures());
        assertEquals(7, Scenarios.byName("moca-mixed-medium").architectures().size());
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

    @Test
    void mocaScenariosGiveSystolicProfilesNotDirectories() {
        Scenario s = Scenarios.byName("moca-light-tight");
        assertThrows(BadInputException.class, () -> Scenarios.latencyDirectory(s, 5));
        List<SystolicProfile> profiles = Scenarios.systolicProfiles(s, SystolicTile.gemmini(), 4);
        assertEquals(4, profiles.size());
        // An unlimited bus: compute-bound, four 2-tile slots on 8 tiles, each 80% busy.
        double rate = Scenarios.arrivalRatePerSecond(s, profiles, 2, 8, Double.POSITIVE_INFINITY);
        double mean = profiles.stream().mapToDouble(p -> p.isolatedSeconds(2)).average().orElseThrow();
        assertEquals(0.8 * 4, rate * mean, 1e-9 * rate * mean);
        // A bus so slow that bytes bind: the rate moves 80% of what the bus delivers.
        double meanBytes = profiles.stream().mapToDouble(p -> p.dramBytes(2)).average().orElseThrow();
        double slowBus = meanBytes / mean; // one request's bytes per isolated latency: 4x below the compute bound
        double memoryRate = Scenarios.arrivalRatePerSecond(s, profiles, 2, 8, slowBus);
        assertEquals(0.8 * slowBus, memoryRate * meanBytes, 1e-9 * slowBus);
    }

    @Test
    void multiTileRateIsLoadOverTheSlowerOfComputeAndBandwidthTimePerRequest() {
        // 1 s isolated on 2 of 8 tiles: compute-bound 0.25 s per request; 4 GB over 8 GB/s: 0.5 s per request.
        // The bus binds: 0.8 / 0.5 = 1.6 requests/s. With a 32 GB/s bus, compute binds: 0.8 / 0.25 = 3.2.
        assertEquals(1.6, Scenarios.multiTileArrivalRatePerSecond(0.8, 1, 4e9, 2, 8, 8e9), 1e-12);
        assertEquals(3.2, Scenarios.multiTileArrivalRatePerSecond(0.8, 1, 4e9, 2, 8, 32e9), 1e-12);
    }
}
