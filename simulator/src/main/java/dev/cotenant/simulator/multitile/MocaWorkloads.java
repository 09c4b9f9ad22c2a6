package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.SystolicProfile;
import dev.cotenant.simulator.workload.cost.SystolicTile;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MoCA's workload sets at three QoS levels as multi-tile workloads and traces. The sets, QoS
 * multipliers, priorities, offered load and seeds are the {@code moca-<set>-<qos>} scenarios of
 * {@link Scenarios}; this class turns one into a {@link MultiTileWorkload} and a seeded trace.
 *
 * <p>A request's target is {@code qos x} its model's isolated latency on the reference share of
 * {@code T / 4} tiles (what the static baseline gives a tenant); arrivals are Poisson at the rate
 * {@link Scenarios#multiTileArrivalRatePerSecond} defines (load x the smaller of the compute-bound and
 * the bandwidth-bound capacity), evaluated on this workload's static estimates so that sparse
 * variants get the rate of their own, shorter latencies.
 */
public final class MocaWorkloads {
    /** Weight sparsity of the sparse sets moca-dysta runs on: Sparse-DySta's higher unstructured level. */
    public static final PruningVariant SPARSE_VARIANT = new PruningVariant(PruningPattern.UNSTRUCTURED, 0.6);
    /** Floor on a sparse layer's compute share: index handling and load imbalance keep some work. */
    public static final double MIN_COMPUTE_SCALE = 0.05;

    public enum WorkloadSet {
        LIGHT, HEAVY, MIXED;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        /** {@code light}, {@code heavy} or {@code mixed}; anything else is bad input. */
        public static WorkloadSet parse(String label) {
            for (WorkloadSet s : values()) if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) return s;
            throw BadInputException.at("sets", "unknown workload set '" + label + "'; known: light, heavy, mixed");
        }
    }

    /** {@code tight}, {@code medium} or {@code loose}; anything else is bad input. */
    public static Scenarios.QoS parseQos(String label) {
        for (Scenarios.QoS q : Scenarios.QoS.values()) if (q.name().equalsIgnoreCase(label.trim())) return q;
        throw BadInputException.at("qos", "unknown QoS level '" + label + "'; known: tight, medium, loose");
    }

    private MocaWorkloads() {}

    /** The registry's scenario for a set and QoS level. */
    public static Scenario scenario(WorkloadSet set, Scenarios.QoS qos) {
        return Scenarios.byName("moca-" + set.label() + "-" + qos.name().toLowerCase(Locale.ROOT));
    }

    /** Tiles of the reference share targets and the arrival rate are set from: a quarter of the accelerator. */
    public static int referenceTiles(MultiTileHardware hardware) { return Math.max(1, hardware.tiles() / 4); }

    /** {@link #dense} when {@code sparseSamples} is 0, else {@link #sparse} with that many samples per model (seeded by the scenario). */
    public static MultiTileWorkload of(MultiTileHardware hardware, Scenario scenario, int sparseSamples) {
        return sparseSamples == 0 ? dense(hardware, scenario) : sparse(hardware, scenario, sparseSamples, scenario.seed());
    }

    /** The scenario's dense networks on Gemmini-like tiles with the hardware's clock and bandwidth. */
    public static MultiTileWorkload dense(MultiTileHardware hardware, Scenario scenario) {
        MultiTileWorkload.Builder b = MultiTileWorkload.builder(hardware);
        for (SystolicProfile p : profiles(hardware, scenario)) b.add(p.network().name(), p);
        return b.build();
    }

    /**
     * The scenario's networks pruned to {@link #SPARSE_VARIANT}, on zero-skipping tiles: each of
     * {@code samples} samples does {@code (1 - activationSparsity)(1 - weightSparsity)} of a layer's
     * dense compute (activation sparsity from the calibrated model); bytes stay dense.
     */
    public static MultiTileWorkload sparse(MultiTileHardware hardware, Scenario scenario, int samples, long seed) {
        if (samples < 1) throw BadInputException.at("samples", "must be at least 1, got " + samples);
        MultiTileWorkload.Builder b = MultiTileWorkload.builder(hardware);
        ActivationSparsityModel model = ActivationSparsityModel.calibrated();
        for (SystolicProfile profile : profiles(hardware, scenario)) {
            Network network = profile.network();
            int count = profile.layerCount();
            double[] activation = model.sample(network, SPARSE_VARIANT, samples, new SplittableRandom(seed * 31 + network.name().hashCode()));
            double[][] scale = new double[samples][count];
            for (int s = 0; s < samples; s++) {
                for (int l = 0; l < count; l++) {
                    double density = (1 - activation[s * count + l]) * (1 - SPARSE_VARIANT.weightSparsity(l));
                    scale[s][l] = Math.max(MIN_COMPUTE_SCALE, density);
                }
            }
            b.add(network.name() + "_" + SPARSE_VARIANT.name(), profile, scale);
        }
        return b.build();
    }

    /** Systolic profiles of the scenario's networks on tiles with this hardware's clock and bandwidth. */
    public static List<SystolicProfile> profiles(MultiTileHardware hardware, Scenario scenario) {
        SystolicTile g = SystolicTile.gemmini();
        SystolicTile tile = new SystolicTile(g.dim(), hardware.clockHz(), g.scratchpadBytes(), g.accumulatorBytes(), hardware.dramBytesPerSecond());
        return Scenarios.systolicProfiles(scenario, tile, hardware.tiles());
    }

    /**
     * Poisson rate of {@link Scenarios#multiTileArrivalRatePerSecond}: {@code load / max(mean isolated latency on
     * the share x share / T, mean bytes on the share / B_eff(T / share))}, from this workload's static
     * estimates (so sparse variants get the rate of their own, shorter latencies), with the bus delivering
     * what {@code T / share} equal streams get under the hardware's contention loss.
     */
    public static double arrivalRatePerSecond(MultiTileWorkload workload, double offeredLoad) {
        MultiTileHardware hw = workload.hardware();
        int share = referenceTiles(hw);
        double meanIsolated = 0;
        double meanBytes = 0;
        for (int m = 0; m < workload.modelCount(); m++) {
            meanIsolated += workload.estIsolatedSeconds(m, share) / workload.modelCount();
            meanBytes += workload.bytesOf(m, share) / workload.modelCount();
        }
        return Scenarios.multiTileArrivalRatePerSecond(offeredLoad, meanIsolated, meanBytes, share, hw.tiles(), deliverableBytesPerSecond(hw));
    }

    /** What the bus delivers to the {@code T / share} tenants the load rule assumes. */
    public static double deliverableBytesPerSecond(MultiTileHardware hardware) {
        return hardware.deliveredBytesPerSecond((double) hardware.tiles() / referenceTiles(hardware));
    }

    /**
     * A seeded Poisson trace of {@code requests} over {@code workload} with the scenario's load,
     * target multiplier and priorities: model and sample uniform, priority uniform over the
     * scenario's levels. {@code seed} varies the trace; the scenario's own seed keeps scenarios apart.
     */
    public static MultiTileTrace trace(MultiTileWorkload workload, Scenario scenario, int requests, double offeredLoad, long seed) {
        return trace(workload, scenario, requests, offeredLoad, 1, seed);
    }

    /** As {@link #trace(MultiTileWorkload, Scenario, int, double, long)}, every request needing at least {@code requestTiles} tiles. */
    public static MultiTileTrace trace(MultiTileWorkload workload, Scenario scenario, int requests, double offeredLoad, int requestTiles, long seed) {
        if (!(offeredLoad > 0)) throw BadInputException.at("load", "must be positive, got " + offeredLoad);
        return traceAtRate(workload, scenario, requests, arrivalRatePerSecond(workload, offeredLoad),
                scenario.sloMultiplierMin(), scenario.sloMultiplierMax(), requestTiles, seed);
    }

    /**
     * The trace generator itself: Poisson arrivals at {@code ratePerSecond}, each request's target a
     * multiplier uniform in {@code [sloMultiplierMin, sloMultiplierMax]} times its model's isolated
     * estimate on the reference share; model, sample and priority as the scenario says. The tuner
     * calls it with a rate and a multiplier per trace; the experiment through the load overloads.
     */
    public static MultiTileTrace traceAtRate(MultiTileWorkload workload, Scenario scenario, int requests, double ratePerSecond,
                                             double sloMultiplierMin, double sloMultiplierMax, int requestTiles, long seed) {
        if (requests < 1) throw BadInputException.at("requests", "must be at least 1, got " + requests);
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) throw BadInputException.at("rate", "must be finite and positive, got " + ratePerSecond);
        if (!(sloMultiplierMin > 0) || sloMultiplierMin > sloMultiplierMax) {
            throw BadInputException.at("slo multiplier", "needs 0 < min <= max, got " + sloMultiplierMin + ":" + sloMultiplierMax);
        }
        int share = referenceTiles(workload.hardware());
        SplittableRandom random = new SplittableRandom(scenario.seed() * 1_000_003L + seed);
        List<Double> levels = scenario.priorities();
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
            priority[r] = levels.get(random.nextInt(levels.size()));
            // Always one draw, so a fixed multiplier leaves the other draws as they are.
            double multiplier = sloMultiplierMin + random.nextDouble() * (sloMultiplierMax - sloMultiplierMin);
            target[r] = multiplier * workload.estIsolatedSeconds(model[r], share);
        }
        int[] required = new int[requests];
        java.util.Arrays.fill(required, requestTiles);
        return new MultiTileTrace(workload, arrival, model, sample, priority, target, required);
    }

    /** {@link #trace(MultiTileWorkload, Scenario, int, double, long)} at the scenario's own offered load. */
    public static MultiTileTrace trace(MultiTileWorkload workload, Scenario scenario, int requests, long seed) {
        return trace(workload, scenario, requests, scenario.offeredLoad(), seed);
    }
}
