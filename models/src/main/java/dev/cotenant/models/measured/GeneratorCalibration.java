package dev.cotenant.models.measured;

import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;

import java.util.List;

/**
 * Fits {@link ActivationSparsityModel}'s six numbers to measured tables (ReLU-fed layers only:
 * layer 0, the image, is left out as the generator leaves it out):
 * <ul>
 *   <li>early / late mean: the first and last ReLU-fed layer's mean sparsity, averaged over tables;</li>
 *   <li>spread: the per-image standard deviation of a layer, averaged over layers and tables;</li>
 *   <li>{@code rho^2} and {@code phi} from the mean correlation of layers one apart ({@code c1}) and two
 *       apart ({@code c2}): the model gives {@code c1 = r + (1 - r) phi} and {@code c2 = r + (1 - r) phi^2}
 *       with {@code r = rho^2}, so {@code r = (c2 - c1^2) / (1 + c2 - 2 c1)}, clipped to [0, 0.99],
 *       then {@code phi = (c1 - r) / (1 - r)}, clipped to [-1, 1].</li>
 * </ul>
 */
public final class GeneratorCalibration {
    /** The fitted model and the correlations it came from. */
    public record Fit(ActivationSparsityModel model, double lag1Correlation, double lag2Correlation) {}

    private GeneratorCalibration() {}

    public static Fit fit(List<LatencyTable> tables) {
        double early = 0, late = 0, spread = 0, c1 = 0, c2 = 0;
        int spreadCount = 0, c1Count = 0, c2Count = 0;
        for (LatencyTable t : tables) {
            SparsityStatistics st = SparsityStatistics.of(t);
            int layers = t.layerCount();
            early += st.mean()[1];
            late += st.mean()[layers - 1];
            for (int l = 1; l < layers; l++) {
                spread += st.standardDeviation()[l];
                spreadCount++;
            }
            double[][] c = SparsityCorrelation.betweenLayers(t);
            for (int l = 1; l + 1 < layers; l++) if (!Double.isNaN(c[l][l + 1])) { c1 += c[l][l + 1]; c1Count++; }
            for (int l = 1; l + 2 < layers; l++) if (!Double.isNaN(c[l][l + 2])) { c2 += c[l][l + 2]; c2Count++; }
        }
        early /= tables.size();
        late /= tables.size();
        spread /= spreadCount;
        c1 /= c1Count;
        c2 /= c2Count;
        double r = clamp((c2 - c1 * c1) / (1 + c2 - 2 * c1), 0, 0.99);
        double phi = clamp((c1 - r) / (1 - r), -1, 1);
        ActivationSparsityModel model = new ActivationSparsityModel(early, late, spread, Math.sqrt(r),
                ActivationSparsityModel.DEFAULT_MAX_SPARSITY, phi);
        return new Fit(model, c1, c2);
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
