package dev.cotenant.simulator.workload;

import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.AttentionSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadTablesTest {
    private final SparseCnnAccelerator eyeriss = SparseCnnAccelerator.eyerissV2();
    private final ActivationSparsityModel activations = ActivationSparsityModel.calibrated();

    @Test
    void eyerissTableCombinesZooSparsityAndCostModel() {
        Network resnet = ModelZoo.resnet50();
        PruningVariant variant = new PruningVariant(PruningPattern.UNSTRUCTURED, 0.6);
        LatencyTable t = WorkloadTables.eyerissTable(resnet, variant, eyeriss, activations, 20, 42);
        assertEquals("resnet50_unstructured60", t.modelName());
        assertEquals("resnet50", t.architecture());
        assertEquals(LatencyTable.Layout.EYERISS_V2, t.layout());
        assertEquals(20, t.sampleCount());
        assertEquals(resnet.computeLayers().size(), t.layerCount());
        // every cell is the cost model applied to that cell's sparsity
        var layer = resnet.computeLayers().get(10);
        assertEquals(eyeriss.layerSeconds(layer, t.sparsity(3, 10), 0.6), t.latencySeconds(3, 10), 1e-15);
        assertEquals(eyeriss.layerSeconds(resnet.computeLayers().get(0), 0, 0), t.latencySeconds(0, 0), 1e-15, "first layer: dense image, dense weights");
    }

    @Test
    void prunedVariantsAreFasterAndSamplesDiffer() {
        Network resnet = ModelZoo.resnet50();
        double dense = WorkloadTables.eyerissTable(resnet, PruningVariant.DENSE, eyeriss, activations, 20, 1).meanEndToEndSeconds();
        double pruned = WorkloadTables.eyerissTable(resnet, new PruningVariant(PruningPattern.UNSTRUCTURED, 0.6), eyeriss,
                activations, 20, 1).meanEndToEndSeconds();
        assertTrue(pruned < 0.6 * dense, "60% fewer weights cuts the compute-bound layers: " + pruned + " vs " + dense);
        // Dense ResNet-50 at ~55% activation sparsity on 57.6 G non-zero MAC/s: about 4.09e9 x 0.45 / 57.6e9 = 32 ms
        assertEquals(0.032, dense, 0.008);
        LatencyTable t = WorkloadTables.eyerissTable(resnet, PruningVariant.DENSE, eyeriss, activations, 20, 1);
        assertTrue(t.endToEndSeconds(0) != t.endToEndSeconds(1));
    }

    @Test
    void attentionSamplesFeedAnyLatencyFunction() {
        Network bert = ModelZoo.bertBase(384);
        AttentionSamples s = WorkloadTables.attentionSamples(bert, AttentionSparsityModel.calibrated(), 10, 5);
        assertEquals(384, s.sequenceLength());
        assertEquals(12, s.blockCount());
        LatencyTable t = s.toLatencyTable((d, lb) -> 1e-3 * d / lb);
        assertEquals(LatencyTable.Layout.SANGER, t.layout());
        assertEquals("bert", t.modelName());
        assertEquals(1 - s.density(2, 7), t.sparsity(2, 7), 1e-15);
        assertEquals(1e-3 * s.density(2, 7) / s.loadBalance(2, 7), t.latencySeconds(2, 7), 1e-15);
        double early = 0, late = 0;
        for (int b = 0; b < 10; b++) { early += s.density(b, 0) / 10; late += s.density(b, 11) / 10; }
        assertEquals(0.27, early, 0.03);
        assertEquals(0.08, late, 0.03);
    }

}
