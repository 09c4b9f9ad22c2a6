package dev.cotenant.simulator.workload.zoo;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XrBenchNetworksTest {
    @Test
    void layerCountsAreTheArtifacts() {
        // Layers per network in XRBench's usage-scenario files (VR gaming, AR assistant).
        Map<String, Integer> layers = Map.of("ritnet", 42, "fbnetc", 63, "handgraphcnn", 224, "res8narrow", 8, "emformer", 120,
                "hrvitb1", 423, "midassmall", 92, "planercnn", 153, "d2gofrcnn", 138);
        layers.forEach((name, count) -> assertEquals(count, ModelZoo.byName(name).computeLayers().size(), name));
    }

    @Test
    void res8NarrowMacsByHand() {
        // conv1: 19 filters x 1 channel x 98 x 40 x 3x3 = 670,320; six 19 x 19 x 24 x 13 x 3x3 convs = 6,082,128;
        // the classifier 12 x 19 x 19 tokens = 4,332. Total 6,756,780 (stride 1, as the shapes are read).
        Network n = ModelZoo.byName("res8narrow");
        assertEquals(6_756_780, n.macs());
        assertEquals(670_320, n.layers().get(0).macs());
        assertFalse(n.layers().get(0).inputFromRelu(), "the first layer reads the input features");
        assertTrue(n.layers().get(1).inputFromRelu());
    }

    @Test
    void theSpeechTransformerReadsDenseActivations() {
        Network n = ModelZoo.byName("emformer");
        assertTrue(n.layers().stream().noneMatch(Layer::inputFromRelu));
        assertEquals(LayerKind.FULLY_CONNECTED, n.layers().get(0).kind());
        // fc1: 128 tokens x 512 in x 512 out
        assertEquals(128L * 512 * 512, n.layers().get(0).macs());
    }
}
