package dev.cotenant.models.measured;

import dev.cotenant.simulator.latency.LatencyTable;

import java.util.Arrays;

/**
 * What a latency table's per-sample sparsity looks like: per layer the mean, the 5th and 95th
 * percentiles (nearest rank), the standard deviation across samples and its coefficient of
 * variation; the correlation across samples of each layer with the next; and the coefficient of
 * variation of the end-to-end latency, which is what a scheduler's estimate must follow.
 */
public record SparsityStatistics(double[] mean, double[] p5, double[] p95, double[] standardDeviation,
                                 double[] adjacentCorrelation, double endToEndLatencyCv) {

    public static SparsityStatistics of(LatencyTable table) {
        int layers = table.layerCount();
        int n = table.sampleCount();
        double[] mean = new double[layers], p5 = new double[layers], p95 = new double[layers], sd = new double[layers];
        double[] column = new double[n];
        for (int l = 0; l < layers; l++) {
            for (int b = 0; b < n; b++) column[b] = table.sparsity(b, l);
            mean[l] = table.meanSparsity(l);
            double ss = 0;
            for (double v : column) ss += (v - mean[l]) * (v - mean[l]);
            sd[l] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
            Arrays.sort(column);
            p5[l] = nearestRank(column, 0.05);
            p95[l] = nearestRank(column, 0.95);
        }
        double[][] c = SparsityCorrelation.betweenLayers(table);
        double[] adjacent = new double[Math.max(0, layers - 1)];
        for (int l = 0; l + 1 < layers; l++) adjacent[l] = c[l][l + 1];
        double[] total = new double[n];
        for (int b = 0; b < n; b++) total[b] = table.endToEndSeconds(b);
        double m = Arrays.stream(total).average().orElse(0);
        double ss = 0;
        for (double t : total) ss += (t - m) * (t - m);
        return new SparsityStatistics(mean, p5, p95, sd, adjacent, n > 1 ? Math.sqrt(ss / (n - 1)) / m : 0);
    }

    /** Nearest-rank percentile of sorted values: the {@code ceil(q * n)}-th smallest. */
    static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Coefficient of variation of layer {@code l}'s sparsity across samples (NaN when its mean is 0). */
    public double cv(int l) { return mean[l] == 0 ? Double.NaN : standardDeviation[l] / mean[l]; }

    /** Mean over layers {@code from..} of a per-layer quantity, skipping NaN. */
    static double average(double[] values, int from) {
        double sum = 0;
        int count = 0;
        for (int i = from; i < values.length; i++) if (!Double.isNaN(values[i])) { sum += values[i]; count++; }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean per-layer CV over the ReLU-fed layers (1..): the per-image variation a run-time monitor could see. */
    public double meanReluCv() {
        double[] cv = new double[mean.length];
        for (int l = 0; l < cv.length; l++) cv[l] = cv(l);
        return average(cv, 1);
    }

    /** Mean per-layer standard deviation over the ReLU-fed layers. */
    public double meanReluStandardDeviation() { return average(standardDeviation, 1); }

    /** Mean correlation of adjacent ReLU-fed layers (pairs 1-2, 2-3, ...). */
    public double meanAdjacentReluCorrelation() { return average(adjacentCorrelation, 1); }

    public double minAdjacentReluCorrelation() {
        return Arrays.stream(adjacentCorrelation).skip(1).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    public double maxAdjacentReluCorrelation() {
        return Arrays.stream(adjacentCorrelation).skip(1).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }
}
