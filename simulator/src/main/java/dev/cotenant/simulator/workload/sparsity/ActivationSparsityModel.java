package dev.cotenant.simulator.workload.sparsity;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Generative model of per-sample, per-layer input-activation sparsity of a CNN (share of exact
 * zeros in a compute layer's input). For sample {@code b} and compute layer {@code l}:
 *
 * <pre>
 *   z_b      ~ N(0, 1)                       one latent per sample, shared by all its layers
 *   u_{b,l}  ~ N(0, 1)                       fresh per-layer noise
 *   e_{b,0}  = u_{b,0},  e_{b,l} = phi * e_{b,l-1} + sqrt(1 - phi^2) * u_{b,l}     per-layer noise, a chain along depth
 *   base_l   = earlyMean + (lateMean - earlyMean) * l / (L - 1)     ReLU sparsity grows with depth
 *   a_{b,l}  = clip(base_l + spread * (rho * z_b + sqrt(1 - rho^2) * e_{b,l}), 0, maxSparsity)
 *   s_{b,l}  = f + (1 - f) * a_{b,l}          with f the filter-pruning share (0 for other patterns)
 * </pre>
 *
 * Layers whose input is not a ReLU output (the image, MobileNetV2's linear bottlenecks, leaky-ReLU
 * networks) have no exact zeros: sparsity 0. Filter pruning leaves whole channels at zero, which
 * adds to the ReLU zeros; unstructured and block weight pruning are taken not to change activation
 * sparsity (they change the work through the weights instead).
 *
 * <p>Layers {@code k} apart correlate by {@code rho^2 + (1 - rho^2) * phi^k} before clipping: with
 * {@code phi = 0} (the original calibration) any two by {@code rho^2}, and the means of two disjoint
 * groups of {@code n} layers by {@code rho^2 / (rho^2 + (1 - rho^2) / n)}, which is how early layers
 * predict later ones. A negative {@code phi} makes neighbours move in opposite directions, as the
 * networks measured in this repository do (docs/workloads.md). With {@code phi = 0} the random
 * draws, and so every table, are the same as before {@code phi} existed.
 *
 * @param earlyMean   mean sparsity of the first ReLU-fed layer
 * @param lateMean    mean sparsity of the last layer
 * @param spread      standard deviation of one layer's sparsity across samples
 * @param latentLoading {@code rho}: weight of the shared per-sample latent, in [0, 1]
 * @param maxSparsity upper clip, below 1 (a latency table needs sparsity in [0, 1))
 * @param adjacentNoiseCorrelation {@code phi}: correlation of adjacent layers' own noise, in [-1, 1]
 */
public record ActivationSparsityModel(double earlyMean, double lateMean, double spread, double latentLoading,
                                      double maxSparsity, double adjacentNoiseCorrelation) {

    /**
     * Calibration (docs/workloads.md): conv-layer inputs of popular CNNs are 44% zeros on average
     * (Albericio et al., Cnvlutin, ISCA 2016); Rhu et al. (HPCA 2018) compress offloaded activations
     * 2.6x on average with zero-value compression, which at a 1-bit mask per 32-bit value means about
     * 65% zeros; both report sparser deep layers. Early 0.40 rising to 0.70 spans those figures.
     */
    public static final double DEFAULT_EARLY_MEAN = 0.40;
    public static final double DEFAULT_LATE_MEAN = 0.70;
    /** Assumption: sample-to-sample standard deviation of a layer's sparsity, 5 points. */
    public static final double DEFAULT_SPREAD = 0.05;
    /** Assumption: rho = 0.6, so two layers of one sample correlate by 0.36. */
    public static final double DEFAULT_LATENT_LOADING = 0.6;
    public static final double DEFAULT_MAX_SPARSITY = 0.99;

    /**
     * Calibration to the four ReLU networks trained and measured here on Fashion-MNIST
     * (dense, test images; docs/workloads.md, "Measured networks"): ReLU-fed layers' mean input
     * sparsity, its per-image standard deviation, the shared-factor share {@code rho^2} from the
     * correlation of layers two apart, and {@code phi} from the adjacent-layer correlation: the fit
     * of {@code GeneratorCalibration} (models module) on the first 2,000 test images, checked
     * against the committed 500-image subset by {@code MeasuredCalibrationTest}.
     */
    public static final double MEASURED_EARLY_MEAN = 0.252;
    public static final double MEASURED_LATE_MEAN = 0.270;
    public static final double MEASURED_SPREAD = 0.031;
    public static final double MEASURED_LATENT_LOADING = 0.335;
    public static final double MEASURED_ADJACENT_NOISE_CORRELATION = 0.100;

    /** The original five-parameter model: no chain along depth ({@code phi = 0}). */
    public ActivationSparsityModel(double earlyMean, double lateMean, double spread, double latentLoading, double maxSparsity) {
        this(earlyMean, lateMean, spread, latentLoading, maxSparsity, 0);
    }

    public ActivationSparsityModel {
        requireIn("earlyMean", earlyMean, 0, 1);
        requireIn("lateMean", lateMean, 0, 1);
        requireIn("spread", spread, 0, 1);
        requireIn("latentLoading", latentLoading, 0, 1);
        if (!(maxSparsity > 0 && maxSparsity < 1)) throw BadInputException.at("maxSparsity", "must be in (0, 1), got " + maxSparsity);
        requireIn("adjacentNoiseCorrelation", adjacentNoiseCorrelation, -1, 1);
    }

    public static ActivationSparsityModel calibrated() {
        return new ActivationSparsityModel(DEFAULT_EARLY_MEAN, DEFAULT_LATE_MEAN, DEFAULT_SPREAD, DEFAULT_LATENT_LOADING,
                DEFAULT_MAX_SPARSITY);
    }

    /**
     * The calibration measured here (Fashion-MNIST networks). The scenarios and the built-in demo
     * directory keep {@link #calibrated()}, so their published results stay reproducible.
     */
    public static ActivationSparsityModel measuredFashionMnist() {
        return new ActivationSparsityModel(MEASURED_EARLY_MEAN, MEASURED_LATE_MEAN, MEASURED_SPREAD, MEASURED_LATENT_LOADING,
                DEFAULT_MAX_SPARSITY, MEASURED_ADJACENT_NOISE_CORRELATION);
    }

    /** Mean ReLU sparsity of compute layer {@code l} of {@code layerCount}, before pruning effects. */
    public double baseMean(int l, int layerCount) {
        double depth = layerCount == 1 ? 0 : (double) l / (layerCount - 1);
        return earlyMean + (lateMean - earlyMean) * depth;
    }

    /**
     * Sparsity of every compute layer's input for {@code samples} samples, row-major
     * {@code [sample * layers + layer]}, layers as in {@link Network#computeLayers()}.
     */
    public double[] sample(Network network, PruningVariant variant, int samples, SplittableRandom random) {
        List<Layer> layers = network.computeLayers();
        int count = layers.size();
        double filterShare = variant.pattern() == PruningPattern.FILTER ? variant.weightSparsity() : 0;
        double own = Math.sqrt(1 - latentLoading * latentLoading);
        double fresh = Math.sqrt(1 - adjacentNoiseCorrelation * adjacentNoiseCorrelation);
        double[] sparsity = new double[samples * count];
        for (int b = 0; b < samples; b++) {
            double latent = random.nextGaussian();
            double noise = 0;
            for (int l = 0; l < count; l++) {
                double u = random.nextGaussian(); // drawn for every layer so streams stay aligned across variants
                noise = l == 0 ? u : adjacentNoiseCorrelation * noise + fresh * u; // phi = 0: noise = u, as before
                if (!layers.get(l).inputFromRelu()) continue;
                double relu = clip(baseMean(l, count) + spread * (latentLoading * latent + own * noise));
                // Filter pruning zeroes the channels of the previous layer's pruned filters; the first layer's input is the image.
                double filter = l == 0 ? 0 : filterShare;
                sparsity[b * count + l] = Math.min(maxSparsity, filter + (1 - filter) * relu);
            }
        }
        return sparsity;
    }

    private double clip(double value) { return Math.max(0, Math.min(maxSparsity, value)); }

    static void requireIn(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) throw BadInputException.at(name, "must be in [" + low + ", " + high + "], got " + value);
    }
}
