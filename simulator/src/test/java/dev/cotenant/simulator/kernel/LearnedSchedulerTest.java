package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.estimate.PredictorFeatures;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnedSchedulerTest {
    /** A one-layer linear "network" whose output is input feature {@code feature} itself. */
    static MlpPredictor passThrough(List<String> models, int feature) {
        int n = PredictorFeatures.names(models).size();
        double[] w = new double[n];
        w[feature] = 1;
        double[] zero = new double[n];
        double[] one = new double[n];
        Arrays.fill(one, 1);
        return new MlpPredictor(models, zero, one,
                List.of(new MlpPredictor.Dense(n, 1, w, new double[] {0}, MlpPredictor.Activation.IDENTITY)), 0, 1e9);
    }

    static LearnedGamma monitorClone(CompiledTrace trace) {
        List<String> models = trace.workload().directory().tables().stream().map(LatencyTable::modelName).toList();
        return new LearnedGamma(passThrough(models, PredictorFeatures.DENSE.indexOf("gamma_monitor")), "test");
    }

    /** A predictor that outputs Dysta's own gamma must give Dysta's schedule, decision for decision. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void learnedSchedulersWithTheMonitorAsPredictorReproduceThePublishedOnes(long seed) {
        CompiledTrace trace = KernelInvariantsTest.randomTrace(seed, 300);
        LearnedGamma learned = monitorClone(trace);
        assertEquals(Fixtures.run(trace, "dysta").order(),
                Fixtures.run(trace, Policy.published("dysta-learned").withPredictor(learned), KernelOptions.PUBLISHED).order());
        assertEquals(Fixtures.run(trace, "sjf-sparse").order(),
                Fixtures.run(trace, Policy.published("sjf-learned").withPredictor(learned), KernelOptions.PUBLISHED).order());
    }

    /** And one that reads another feature must be able to change it: the predictor is really consulted. */
    @Test
    void aDifferentPredictorChangesTheSchedule() {
        CompiledTrace trace = KernelInvariantsTest.randomTrace(3, 300);
        List<String> models = trace.workload().directory().tables().stream().map(LatencyTable::modelName).toList();
        LearnedGamma lastLayer = new LearnedGamma(passThrough(models, PredictorFeatures.DENSE.indexOf("gamma_last_layer")), "test");
        String published = Fixtures.run(trace, "sjf-sparse").order();
        String learned = Fixtures.run(trace, Policy.published("sjf-learned").withPredictor(lastLayer), KernelOptions.PUBLISHED).order();
        assertFalse(published.equals(learned));
        String monitorWithLastLayer = Fixtures.run(trace, Policy.published("sjf-sparse"),
                KernelOptions.PUBLISHED.withEstimator(dev.cotenant.simulator.kernel.LatencyEstimator.LAST_LAYER)).order();
        assertEquals(monitorWithLastLayer, learned);
    }

    @Test
    void learnedSchedulersNeedAPredictorThatKnowsEveryModel() {
        assertThrows(BadInputException.class, () -> Schedulers.parseList("dysta,dysta-learned"));
        assertThrows(BadInputException.class, () -> Policy.published("dysta-learned").newScheduler());
        assertFalse(Schedulers.names().contains("dysta-learned"), "'all' without a predictor must still work");
        CompiledTrace trace = KernelInvariantsTest.randomTrace(1, 50);
        LearnedGamma foreign = new LearnedGamma(passThrough(List.of("a_one", "zzz"), 4), "test");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Fixtures.run(trace, Policy.published("dysta-learned").withPredictor(foreign), KernelOptions.PUBLISHED));
        assertTrue(e.getMessage().contains("not for 'a_two'"), e.getMessage());
        List<Policy> all = Schedulers.parseList("all", monitorClone(trace));
        assertEquals(Schedulers.names().size() + 2, all.size());
    }

    /** Held-out rows against a profile's statistics: ratio and estimates come from the profile only. */
    @Test
    void profileSuppliesTheStaticEstimateAndTheMeanDensity() {
        // Profile: two samples, layer 0 sparsity 0.4 and 0.6 (mean density 0.5), latencies 2 and 4 s (mean 3).
        LatencyTable profile = Fixtures.table("m", new double[][] {{2, 1}, {4, 1}}, new double[][] {{0.4, 0}, {0.6, 0}});
        // Held-out sample: sparsity 0.75 at layer 0, so density ratio 0.25 / 0.5 = 0.5.
        LatencyTable heldOut = Fixtures.table("m", new double[][] {{1, 1}}, new double[][] {{0.75, 0}});
        CompiledWorkload p = new CompiledWorkload(new dev.cotenant.simulator.latency.LatencyDirectory(List.of(profile)));
        CompiledWorkload w = new CompiledWorkload(new dev.cotenant.simulator.latency.LatencyDirectory(List.of(heldOut)), p);
        assertEquals(0.5, w.sparsityRatio(w.rowStart(0, 0)), 1e-12);
        assertEquals(4.0, w.ownMeanRemainingSeconds(w.estimateStart(0)), 1e-12);
        assertEquals(2.0, w.realIsolatedSeconds(0, 0), 1e-12);
        assertArrayEquals(new double[] {0.5}, new double[] {
                w.gamma(dev.cotenant.simulator.kernel.LatencyEstimator.SPARSITY_MONITOR, w.rowStart(0, 0), w.estimateStart(0), 1, 3)}, 1e-12);
        LatencyTable other = Fixtures.table("n", new double[][] {{1, 1}}, new double[][] {{0.5, 0}});
        assertThrows(BadInputException.class,
                () -> new CompiledWorkload(new dev.cotenant.simulator.latency.LatencyDirectory(List.of(other)), p));
    }
}
