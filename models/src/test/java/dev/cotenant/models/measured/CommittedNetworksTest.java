package dev.cotenant.models.measured;

import dev.cotenant.models.data.FashionMnist;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committed Fashion-MNIST weights are the ones their cards describe: the pruning levels are
 * exact in the stored weights, and the networks reproduce the accuracy the cards state.
 *
 * <p>Accuracy is re-measured on the first {@value MeasuredFashionNetworks#QUICK_CHECK_IMAGES} test
 * images (the cards state it for those images as well as for the full measurement) and for the
 * dense and the 90%-pruned variant of each network: a full re-measurement of all 20 variants on
 * the test split takes minutes on 2 cores, which the build should not spend.
 */
class CommittedNetworksTest {
    static final List<MeasuredFashionNetworks.Card> CARDS = MeasuredFashionNetworks.committedCards();

    @Test
    void everyArchitectureAndVariantHasACard() {
        assertEquals(FashionArchitecture.values().length * MeasuredFashionNetworks.VARIANTS.size(), CARDS.size());
    }

    @Test
    void storedWeightsHaveTheExactPruningLevels() {
        for (MeasuredFashionNetworks.Card card : CARDS) {
            FashionArchitecture a = FashionArchitecture.byName(card.architecture());
            PruningVariant v = MeasuredFashionNetworks.VARIANTS.stream().filter(x -> x.name().equals(card.variant())).findFirst().orElseThrow();
            ComputationGraph net = MeasuredFashionNetworks.committed(a, v);
            double[] w = MeasuredFashionNetworks.weightSparsity(net, a);
            var layers = a.spec(0).computeLayers();
            for (int l = 0; l < layers.size(); l++) {
                assertEquals(card.weightSparsity()[l], w[l], 0, card.model() + " " + layers.get(l).layer().name());
                if (v.pattern() == PruningPattern.UNSTRUCTURED && l > 0) {
                    // floor(p * n) of the n weights are zero; a trained weight is exactly 0 otherwise with probability ~0.
                    long n = layers.get(l).layer().weightCount();
                    assertEquals(Math.floor(v.weightSparsity() * n + 1e-9) / n, w[l], 0.5 / n, card.model() + " " + layers.get(l).layer().name());
                }
            }
            assertEquals(0, w[0], 0.01, card.model() + ": the first layer stays dense");
        }
    }

    @Test
    void denseAndNinetyPercentVariantsReproduceTheirAccuracy() {
        Assumptions.assumeTrue(FashionMnist.available(), "dataset-fashion-mnist not installed (the CI installs it)");
        FashionMnist.Split quick = FashionMnist.test().first(MeasuredFashionNetworks.QUICK_CHECK_IMAGES);
        for (MeasuredFashionNetworks.Card card : CARDS) {
            if (!card.variant().equals("dense") && !card.variant().equals("unstructured90")) continue;
            FashionArchitecture a = FashionArchitecture.byName(card.architecture());
            PruningVariant v = MeasuredFashionNetworks.VARIANTS.stream().filter(x -> x.name().equals(card.variant())).findFirst().orElseThrow();
            double accuracy = MeasuredFashionNetworks.measure(MeasuredFashionNetworks.committed(a, v), a, quick).accuracy();
            // Same weights, same images: equal up to float kernels rounding a borderline image differently
            // on another CPU; 2 images of 500 is that allowance.
            assertEquals(card.quickCheckAccuracy(), accuracy, 2.0 / quick.size(), card.model());
        }
    }
}
