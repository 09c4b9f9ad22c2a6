package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.SystolicProfile;
import dev.cotenant.simulator.workload.cost.SystolicTile;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MoCA's workload sets (light, heavy, mixed) at three QoS levels, as multi-tile workloads and traces.
 *
 * <p>Written here because the {@code workload.scenario} package was not yet on the {@code workloads}
 * branch; every number mirrors that package's draft ({@code Scenarios}: the same seven networks, the
 * same light rule, QoS 1.2x / 1.5x / 2x, priorities 1 / 2 / 3, offered load 0.8), so switching to it
 * changes no result. A request's target is {@code qos x} its model's isolated latency on the
 * reference share {@code T / 4} tiles (what the static baseline gives a tenant); arrivals are Poisson
 * at the rate that offers {@code load} of {@code T / share} such tenants.
 */
public final class MocaWorkloads {
    /** MoCA's evaluation networks (its Table of light and heavy DNNs), as the zoo names them. */
    public static final List<String> MOCA_ARCHITECTURES =
            List.of("kwsdscnn", "squeezenet", "googlenet", "resnet18", "alexnet", "yolov2tiny", "resnet50");
    /** A network is light under 2 GMAC and 16 MB of int8 weights (one rule splits the sets). */
    public static final double LIGHT_MAX_MACS = 2e9;
    public static final double LIGHT_MAX_WEIGHT_BYTES = 16e6;
    public static final double[] PRIORITIES = {1, 2, 3};
    public static final double DEFAULT_OFFERED_LOAD = 0.8;
    /** Weight sparsity of the sparse sets moca-dysta runs on: Sparse-DySta's higher unstructured level. */
    public static final PruningVariant SPARSE_VARIANT = new PruningVariant(PruningPattern.UNSTRUCTURED, 0.6);
    /** Floor on a sparse layer's compute share: index handling and load imbalance keep some work. */
    public static final double MIN_COMPUTE_SCALE = 0.05;

    public enum WorkloadSet {
        LIGHT, HEAVY, MIXED;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public List<String> architectures() {
            if (this == MIXED) return MOCA_ARCHITECTURES;
            return MOCA_ARCHITECTURES.stream().filter(a -> isLight(ModelZoo.byName(a)) == (this == LIGHT)).toList();
        }
    }

    /** Target latency as a multiple of isolated latency on the reference share. */
    public enum Qos {
        TIGHT(1.2), MEDIUM(1.5), LOOSE(2.0);

        public final double targetMultiplier;

        Qos(double targetMultiplier) { this.targetMultiplier = targetMultiplier; }

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    private MocaWorkloads() {}

    public static boolean isLight(Network network) {
        long weightBytes = network.layers().stream().mapToLong(Layer::weightBytes).sum();
        return network.macs() < LIGHT_MAX_MACS && weightBytes < LIGHT_MAX_WEIGHT_BYTES;
    }

    /** Tiles of the reference share targets and the arrival rate are set from: a quarter of the accelerator. */
    public static int referenceTiles(MultiTileHardware hardware) { return Math.max(1, hardware.tiles() / 4); }

    /** The set's dense networks on Gemmini-like tiles with the hardware's clock and bandwidth. */
    public static MultiTileWorkload dense(MultiTileHardware hardware, WorkloadSet set) {
        MultiTileWorkload.Builder b = MultiTileWorkload.builder(hardware);
        for (String a : set.architectures()) b.add(a, profile(hardware, a));
        return b.build();
    }

    /**
     * The set's networks pruned to {@link #SPARSE_VARIANT}, run on zero-skipping tiles: each of
     * {@code samples} samples does {@code (1 - activationSparsity)(1 - weightSparsity)} of a layer's
     * dense compute (activation sparsity from the calibrated model); bytes stay dense.
     */
    public static MultiTileWorkload sparse(MultiTileHardware hardware, WorkloadSet set, int samples, long seed) {
        if (samples < 1) throw BadInputException.at("samples", "must be at least 1, got " + samples);
        MultiTileWorkload.Builder b = MultiTileWorkload.builder(hardware);
        ActivationSparsityModel model = ActivationSparsityModel.calibrated();
        for (String a : set.architectures()) {
            Network network = ModelZoo.byName(a);
            SystolicProfile profile = profile(hardware, a);
            int count = profile.layerCount();
            double[] activation = model.sample(network, SPARSE_VARIANT, samples, new SplittableRandom(seed * 31 + a.hashCode()));
            double[][] scale = new double[samples][count];
            for (int s = 0; s < samples; s++) {
                for (int l = 0; l < count; l++) {
                    double density = (1 - activation[s * count + l]) * (1 - SPARSE_VARIANT.weightSparsity(l));
                    scale[s][l] = Math.max(MIN_COMPUTE_SCALE, density);
                }
            }
            b.add(a + "_" + SPARSE_VARIANT.name(), profile, scale);
        }
        return b.build();
    }

    private static SystolicProfile profile(MultiTileHardware hardware, String architecture) {
        SystolicTile tile = SystolicTile.gemmini().withDramBytesPerSecond(hardware.dramBytesPerSecond());
        tile = new SystolicTile(tile.dim(), hardware.clockHz(), tile.scratchpadBytes(), tile.accumulatorBytes(), tile.dramBytesPerSecond());
        return new SystolicProfile(ModelZoo.byName(architecture), tile, hardware.tiles());
    }

    /**
     * A seeded Poisson trace of {@code requests} over {@code workload}: model and sample uniform,
     * priority uniform over {@link #PRIORITIES}, target {@code qos x} the model's estimated isolated
     * latency on the reference share, rate {@code load x (T / share) / mean isolated latency on the share}.
     */
    public static MultiTileTrace trace(MultiTileWorkload workload, Qos qos, int requests, double load, long seed) {
        if (requests < 1) throw BadInputException.at("requests", "must be at least 1, got " + requests);
        if (!(load > 0)) throw BadInputException.at("load", "must be positive, got " + load);
        MultiTileHardware hw = workload.hardware();
        int share = referenceTiles(hw);
        double meanIsolated = 0;
        for (int m = 0; m < workload.modelCount(); m++) meanIsolated += workload.estIsolatedSeconds(m, share) / workload.modelCount();
        double ratePerSecond = load * ((double) hw.tiles() / share) / meanIsolated;
        SplittableRandom random = new SplittableRandom(seed);
        double[] arrival = new double[requests];
        int[] model = new int[requests];
        int[] sample = new int[requests];
        double[] priority = new double[requests];
        double[] target = new double[requests];
        double t = 0;
        for (int r = 0; r < requests; r++) {
            t += -Math.log(1 - random.nextDouble()) / ratePerSecond;
            arrival[r] = t;
            model[r] = random.nextInt(workload.modelCount());
            sample[r] = random.nextInt(workload.sampleCount(model[r]));
            priority[r] = PRIORITIES[random.nextInt(PRIORITIES.length)];
            target[r] = qos.targetMultiplier * workload.estIsolatedSeconds(model[r], share);
        }
        return new MultiTileTrace(workload, arrival, model, sample, priority, target);
    }
}
