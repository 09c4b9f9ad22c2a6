package dev.cotenant.models.measured;

import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.WorkloadTables;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeneratorCalibrationTest {
    @Test
    void recoversTheParametersOfTablesTheGeneratorDrew() {
        // Means 0.45 -> 0.55 and spread 0.05 keep every value far from the clips, so the closed forms hold:
        // layers one apart correlate by r + (1 - r) phi = 0.25 - 0.75 * 0.5 = -0.125, two apart by 0.25 + 0.75 * 0.25 = 0.4375.
        ActivationSparsityModel truth = new ActivationSparsityModel(0.45, 0.55, 0.05, 0.5, 0.99, -0.5);
        Network vgg = ModelZoo.vgg16();
        LatencyTable t = WorkloadTables.eyerissTable(vgg, PruningVariant.DENSE, SparseCnnAccelerator.eyerissV2(), truth, 4000, 3);
        GeneratorCalibration.Fit fit = GeneratorCalibration.fit(List.of(t));
        int layers = vgg.computeLayers().size();
        assertEquals(-0.125, fit.lag1Correlation(), 0.02);
        assertEquals(0.4375, fit.lag2Correlation(), 0.02);
        assertEquals(0.5, fit.model().latentLoading(), 0.05);
        assertEquals(-0.5, fit.model().adjacentNoiseCorrelation(), 0.05);
        assertEquals(0.05, fit.model().spread(), 0.002);
        // The fit's early mean is the first ReLU-fed layer's (layer 1), the generator's profile there.
        assertEquals(truth.baseMean(1, layers), fit.model().earlyMean(), 0.003);
        assertEquals(0.55, fit.model().lateMean(), 0.003);
    }
}
