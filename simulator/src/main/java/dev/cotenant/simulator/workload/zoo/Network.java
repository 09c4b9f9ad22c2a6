package dev.cotenant.simulator.workload.zoo;

import java.util.List;

/**
 * A network as an ordered list of layers (execution order, batch 1).
 *
 * @param name        architecture name used in model names (no {@code _}: it is the part before the first one)
 * @param description which variant and input this is, e.g. "torchvision ResNet-50 (v1.5), 3x224x224"
 */
public record Network(String name, String description, List<Layer> layers) {
    public Network {
        if (name.contains("_")) throw new IllegalArgumentException("network name must not contain '_': " + name);
        layers = List.copyOf(layers);
    }

    public long macs() { return layers.stream().mapToLong(Layer::macs).sum(); }

    public long parameterCount() { return layers.stream().mapToLong(Layer::parameterCount).sum(); }

    /** Layers that do multiply-accumulates: the ones a latency table has a column for. */
    public List<Layer> computeLayers() { return layers.stream().filter(l -> l.macs() > 0).toList(); }

    /** Attention-score layers: one per attention block (self or cross), the Sanger model's layer unit. */
    public List<Layer> attentionScoreLayers() {
        return layers.stream().filter(l -> l.kind() == LayerKind.ATTENTION_SCORES).toList();
    }
}
