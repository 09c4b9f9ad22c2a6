package dev.cotenant.experiments.report;

import dev.cotenant.simulator.moca.*;

import java.io.PrintStream;

/**
 * Prints the model's isolated times beside MoCA's measured, predicted and configured ones, and the
 * model's predictor beside the artifact's, as the Markdown tables of {@code docs/moca-model.md}:
 * {@code java -cp simulator/target/classes dev.cotenant.simulator.moca.MocaModelReport}.
 */
public final class MocaModelReport {
    /** MoCA's predictor on 4 and 8 tiles (Mcycles), from its offline tables; only reported. */
    private static final double[] PREDICTED_4_TILES = {7.46, 5.80, 2.63, 0.67, 2.29, 4.15, 0.47};
    private static final double[] PREDICTED_8_TILES = {5.20, 4.76, 1.73, 0.47, 1.66, 2.79, 0.32};
    /** Predicted DRAM traffic per inference in the artifact's tables (MB). */
    private static final double[] ARTIFACT_DRAM_MB = {41.9, 63.4, 16.3, 5.7, 4.5, 28.1, 3.3};

    private MocaModelReport() {}

    public static void main(String[] args) {
        print(MocaWork.standard(), System.out);
    }

    public static void print(MocaWork w, PrintStream out) {
        out.println("| network | 1 tile model | [M] | [P] | 2 tiles model | sp_cycles | [P] | 4 tiles model | sp_cycles | [P] "
                + "| 8 tiles model | [P] | 2->4 model | 2->4 sp |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (MocaNetwork n : MocaNetwork.values()) {
            int i = n.ordinal();
            double t1 = w.isolatedCycles(i, 1) / 1e6, t2 = w.isolatedCycles(i, 2) / 1e6;
            double t4 = w.isolatedCycles(i, 4) / 1e6, t8 = w.isolatedCycles(i, 8) / 1e6;
            double m1 = n.measuredOneTileCycles() / 1e6;
            double s2 = n.spCycles2TilesCorrected() / 1e6, s4 = n.spCycles4TilesCorrected() / 1e6;
            out.printf(java.util.Locale.ROOT, "| %s | %.2f | %.2f (%+.0f%%) | %.2f | %.2f | %.2f (%+.0f%%) | %.2f | %.2f | %.2f (%+.0f%%) | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                    n.cliName(), t1, m1, 100 * (t1 / m1 - 1), n.spPredictionCycles() / 1e6,
                    t2, s2, 100 * (t2 / s2 - 1), n.tpPredictionCycles() / 1e6,
                    t4, s4, 100 * (t4 / s4 - 1), PREDICTED_4_TILES[i], t8, PREDICTED_8_TILES[i], t2 / t4, s2 / s4);
        }
        out.println();
        out.println("| network | model predictor, sum over conv/matmul, 2 tiles | tp_prediction | model from_dram MB | artifact DRAM MB |");
        out.println("|---|---|---|---|---|");
        for (MocaNetwork n : MocaNetwork.values()) {
            int i = n.ordinal();
            double rows = 0;
            for (int l = 0; l < n.layerCount(); l++) rows += w.fromDramRows2(i, l);
            out.printf(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %.1f | %.1f |%n", n.cliName(), w.predictedTotal2(i) / 1e6,
                    n.tpPredictionCycles() / 1e6, rows * 16 / 1e6, ARTIFACT_DRAM_MB[i]);
        }
    }
}
