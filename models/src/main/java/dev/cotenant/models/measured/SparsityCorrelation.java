package dev.cotenant.models.measured;

import dev.cotenant.simulator.latency.LatencyTable;

/** Pearson correlation, across a table's samples, between its layers' sparsities. */
public final class SparsityCorrelation {
    private SparsityCorrelation() {}

    /** {@code [i][j]} = correlation of layer i's and layer j's sparsity over the samples (NaN for a constant layer). */
    public static double[][] betweenLayers(LatencyTable table) {
        int layers = table.layerCount();
        int samples = table.sampleCount();
        double[][] c = new double[layers][layers];
        for (int i = 0; i < layers; i++) {
            for (int j = 0; j < layers; j++) {
                double mi = table.meanSparsity(i), mj = table.meanSparsity(j);
                double sij = 0, sii = 0, sjj = 0;
                for (int b = 0; b < samples; b++) {
                    double di = table.sparsity(b, i) - mi, dj = table.sparsity(b, j) - mj;
                    sij += di * dj;
                    sii += di * di;
                    sjj += dj * dj;
                }
                c[i][j] = sij / Math.sqrt(sii * sjj);
            }
        }
        return c;
    }

    /** Mean of the off-diagonal correlations over pairs of layers both with a ReLU (not constant) input. */
    public static double meanOffDiagonal(double[][] c, int fromLayer) {
        double sum = 0;
        int count = 0;
        for (int i = fromLayer; i < c.length; i++) {
            for (int j = fromLayer; j < c.length; j++) {
                if (i != j && !Double.isNaN(c[i][j])) {
                    sum += c[i][j];
                    count++;
                }
            }
        }
        return sum / count;
    }
}
