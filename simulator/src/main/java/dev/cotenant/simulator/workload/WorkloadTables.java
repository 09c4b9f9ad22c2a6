package dev.cotenant.simulator.workload;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.AttentionSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Modelled latency tables: a zoo network, a pruning variant, sampled sparsity and an accelerator
 * cost model combined into the simulator's {@link LatencyTable}. Everything here is synthetic.
 *
 * <p>Random streams are derived from {@code (seed, model name)}, so a model's table does not
 * change when other models are added to a scenario.
 */
public final class WorkloadTables {
    private WorkloadTables() {}

    /** {@code architecture_variant}, e.g. {@code resnet50_unstructured60}. */
    public static String modelName(Network network, PruningVariant variant) {
        return network.name() + "_" + variant.name();
    }

    /**
     * EyerissV2-layout table of a CNN: one column per compute layer; latency from
     * {@link SparseCnnAccelerator#layerSeconds}; sparsity the layer's sampled input-activation sparsity.
     */
    public static LatencyTable eyerissTable(Network network, PruningVariant variant, SparseCnnAccelerator accelerator,
                                            ActivationSparsityModel sparsityModel, int samples, long seed) {
        requireSamples(samples);
        String name = modelName(network, variant);
        List<Layer> layers = network.computeLayers();
        int count = layers.size();
        double[] sparsity = sparsityModel.sample(network, variant, samples, random(seed, name));
        double[] latency = new double[sparsity.length];
        for (int b = 0; b < samples; b++) {
            for (int l = 0; l < count; l++) {
                int i = b * count + l;
                latency[i] = accelerator.layerSeconds(layers.get(l), sparsity[i], variant.weightSparsity(l));
            }
        }
        return new LatencyTable(name, LatencyTable.Layout.EYERISS_V2, samples, count, latency, sparsity);
    }

    /**
     * Density and load balance of every attention block of an attention network, per sample. The
     * model name is the architecture alone ({@code bert}): in the Sanger layout each file is its own
     * architecture.
     */
    public static AttentionSamples attentionSamples(Network network, AttentionSparsityModel model, int samples, long seed) {
        requireSamples(samples);
        List<Layer> blocks = network.attentionScoreLayers();
        if (blocks.isEmpty()) throw BadInputException.at(network.name(), "has no attention blocks");
        int count = blocks.size();
        double[] density = new double[samples * count];
        double[] loadBalance = new double[samples * count];
        model.sample(samples, count, random(seed, network.name()), density, loadBalance);
        int sequence = Math.toIntExact(blocks.get(0).gemmM());
        return new AttentionSamples(network.name(), sequence, samples, count, density, loadBalance);
    }

    private static SplittableRandom random(long seed, String modelName) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + modelName.hashCode());
    }

    private static void requireSamples(int samples) {
        if (samples < 1) throw BadInputException.at("samples", "must be at least 1, got " + samples);
    }
}
