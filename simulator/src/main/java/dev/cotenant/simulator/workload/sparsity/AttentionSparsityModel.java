package dev.cotenant.simulator.workload.sparsity;

import java.util.SplittableRandom;

import static dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel.requireIn;

/**
 * Generative model of dynamic attention sparsity for a Sanger-style accelerator: per sample and
 * attention block, the density {@code d} (share of attention-score entries kept after dynamic
 * pruning) and the load balance {@code lb} (mean over max of per-row work after Sanger's
 * pack-and-split, 1 = perfectly balanced). Same structure as {@link ActivationSparsityModel}:
 *
 * <pre>
 *   d_{b,l}  = clip(dMean_l + dSpread * (rho * z_b + sqrt(1 - rho^2) * e_{b,l}), minDensity, 1)
 *   dMean_l  = earlyDensity + (lateDensity - earlyDensity) * l / (L - 1)
 *   lb_{b,l} = clip(lbMean + lbSpread * (rho * y_b + sqrt(1 - rho^2) * u_{b,l}), minLoadBalance, 1)
 * </pre>
 * with per-sample latents {@code z_b, y_b} and per-block noise {@code e, u}, all N(0, 1).
 *
 * @param earlyDensity   mean density of the first attention block
 * @param lateDensity    mean density of the last attention block
 * @param densitySpread  sample-to-sample standard deviation of a block's density
 * @param loadBalanceMean   mean load balance
 * @param loadBalanceSpread its standard deviation
 * @param latentLoading  {@code rho}, in [0, 1]
 */
public record AttentionSparsityModel(double earlyDensity, double lateDensity, double densitySpread,
                                     double loadBalanceMean, double loadBalanceSpread, double latentLoading) {
    /**
     * Sanger (Lu et al., MICRO 2021) prunes BERT's attention to a density of 0.08 to 0.27 without
     * accuracy loss. Early blocks attend broadly (Clark et al. 2019, "What does BERT look at?"),
     * so density falls from 0.27 in the first block to 0.08 in the last.
     */
    public static final double DEFAULT_EARLY_DENSITY = 0.27;
    public static final double DEFAULT_LATE_DENSITY = 0.08;
    /** Assumption: 3 points of density from sample to sample. */
    public static final double DEFAULT_DENSITY_SPREAD = 0.03;
    /** Assumption: pack-and-split leaves rows 80% balanced on average, 5 points from sample to sample. */
    public static final double DEFAULT_LOAD_BALANCE_MEAN = 0.8;
    public static final double DEFAULT_LOAD_BALANCE_SPREAD = 0.05;
    public static final double MIN_DENSITY = 0.01;
    public static final double MIN_LOAD_BALANCE = 0.3;

    public AttentionSparsityModel {
        requireIn("earlyDensity", earlyDensity, MIN_DENSITY, 1);
        requireIn("lateDensity", lateDensity, MIN_DENSITY, 1);
        requireIn("densitySpread", densitySpread, 0, 1);
        requireIn("loadBalanceMean", loadBalanceMean, MIN_LOAD_BALANCE, 1);
        requireIn("loadBalanceSpread", loadBalanceSpread, 0, 1);
        requireIn("latentLoading", latentLoading, 0, 1);
    }

    public static AttentionSparsityModel calibrated() {
        return new AttentionSparsityModel(DEFAULT_EARLY_DENSITY, DEFAULT_LATE_DENSITY, DEFAULT_DENSITY_SPREAD,
                DEFAULT_LOAD_BALANCE_MEAN, DEFAULT_LOAD_BALANCE_SPREAD, ActivationSparsityModel.DEFAULT_LATENT_LOADING);
    }

    /** Fills {@code density} and {@code loadBalance}, row-major {@code [sample * blocks + block]}. */
    public void sample(int samples, int blocks, SplittableRandom random, double[] density, double[] loadBalance) {
        double own = Math.sqrt(1 - latentLoading * latentLoading);
        for (int b = 0; b < samples; b++) {
            double densityLatent = random.nextGaussian();
            double balanceLatent = random.nextGaussian();
            for (int l = 0; l < blocks; l++) {
                double depth = blocks == 1 ? 0 : (double) l / (blocks - 1);
                double mean = earlyDensity + (lateDensity - earlyDensity) * depth;
                double d = mean + densitySpread * (latentLoading * densityLatent + own * random.nextGaussian());
                double lb = loadBalanceMean + loadBalanceSpread * (latentLoading * balanceLatent + own * random.nextGaussian());
                density[b * blocks + l] = Math.max(MIN_DENSITY, Math.min(1, d));
                loadBalance[b * blocks + l] = Math.max(MIN_LOAD_BALANCE, Math.min(1, lb));
            }
        }
    }
}
