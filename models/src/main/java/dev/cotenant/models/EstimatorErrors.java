package dev.cotenant.models;

import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.estimate.PredictorFeatures;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Error of each remaining-latency estimator on a part of the data (the test samples): every
 * estimator predicts a gamma, and its estimate is {@code gamma * ownMeanRemaining}, the same
 * static estimate each one scales.
 *
 * <ul>
 *   <li>{@code rmse}: root mean square of {@code (estimate - real) / ownMeanRemaining}, i.e. of
 *       the gamma error; unitless, so models of any size pool fairly (it is also the training loss).</li>
 *   <li>{@code mape}: mean of {@code |estimate - real| / real}, in percent.</li>
 * </ul>
 */
public final class EstimatorErrors {
    /** The estimators, as named in {@code errors.csv}. {@code static} is the own-model mean ({@code gamma = 1}). */
    public static final List<String> ESTIMATORS = List.of("learned", "dysta-rate", "static", "last-layer", "last-n", "linear-regression");
    public static final int DECILES = 10;
    public static final String ALL = "all";

    /** One cell: an estimator on a model (or {@code all}) and a progress decile (or -1 for every decile). */
    public record Row(String estimator, String model, int decile, long count, double rmse, double mapePercent) {}

    private EstimatorErrors() {}

    /** Gamma of estimator {@code e} on row {@code i} of {@code part}. */
    static double gamma(int e, PredictorDataset.Part part, int i, MlpPredictor learned, double[] scratch) {
        return switch (e) {
            case 0 -> {
                System.arraycopy(part.features(), i * part.width(), scratch, 0, part.width());
                yield learned.predict(scratch);
            }
            case 1 -> part.feature(i, DENSE_MONITOR);
            case 2 -> 1;
            case 3 -> part.feature(i, DENSE_LAST_LAYER);
            case 4 -> part.feature(i, DENSE_LAST_N);
            default -> part.feature(i, DENSE_REGRESSION);
        };
    }

    private static final int DENSE_MONITOR = PredictorFeatures.DENSE.indexOf("gamma_monitor");
    private static final int DENSE_LAST_LAYER = PredictorFeatures.DENSE.indexOf("gamma_last_layer");
    private static final int DENSE_LAST_N = PredictorFeatures.DENSE.indexOf("gamma_last_n");
    private static final int DENSE_REGRESSION = PredictorFeatures.DENSE.indexOf("gamma_linear_regression");

    /** Decile of progress {@code k / L}: 0 for the first tenth of the network, 9 for the last. */
    public static int decile(int k, int layers) { return Math.min(DECILES - 1, k * DECILES / layers); }

    /**
     * Every estimator's errors per model and pooled ({@code all}), per decile and over all deciles.
     *
     * @param learned the predictor the simulator would use (plain arrays)
     */
    public static List<Row> evaluate(PredictorDataset.Part part, List<String> modelNames, MlpPredictor learned) {
        int models = modelNames.size();
        int groups = (models + 1) * (DECILES + 1); // model or all, decile or all
        int estimators = ESTIMATORS.size();
        double[] squared = new double[estimators * groups], absolute = new double[estimators * groups];
        long[] count = new long[groups];
        double[] scratch = new double[part.width()];
        for (int i = 0; i < part.rows(); i++) {
            int d = decile(part.progressLayers()[i], part.layerCount()[i]);
            int[] cells = {
                    part.modelId()[i] * (DECILES + 1) + d, part.modelId()[i] * (DECILES + 1) + DECILES,
                    models * (DECILES + 1) + d, models * (DECILES + 1) + DECILES};
            for (int c : cells) count[c]++;
            double real = part.realRemainingSeconds()[i];
            double scale = part.staticRemainingSeconds()[i];
            for (int e = 0; e < estimators; e++) {
                double estimate = gamma(e, part, i, learned, scratch) * scale;
                double normalised = (estimate - real) / scale;
                double relative = real > 0 ? Math.abs(estimate - real) / real : 0;
                for (int c : cells) {
                    squared[e * groups + c] += normalised * normalised;
                    absolute[e * groups + c] += relative;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int e = 0; e < estimators; e++) {
            for (int m = 0; m <= models; m++) {
                for (int d = -1; d < DECILES; d++) {
                    int c = m * (DECILES + 1) + (d < 0 ? DECILES : d);
                    if (count[c] == 0) continue;
                    rows.add(new Row(ESTIMATORS.get(e), m == models ? ALL : modelNames.get(m), d, count[c],
                            Math.sqrt(squared[e * groups + c] / count[c]), 100 * absolute[e * groups + c] / count[c]));
                }
            }
        }
        return rows;
    }

    /** The cell of {@code estimator} on {@code model} over all deciles. */
    public static Row find(List<Row> rows, String estimator, String model) {
        return rows.stream().filter(r -> r.estimator.equals(estimator) && r.model.equals(model) && r.decile < 0).findFirst().orElseThrow();
    }

    /** {@code estimator,model,rmse,mape}: over all deciles. */
    public static void writeErrors(List<Row> rows, Writer out) throws IOException {
        out.write("estimator,model,rmse,mape\n");
        for (Row r : rows) {
            if (r.decile >= 0) continue;
            out.write(String.format(Locale.ROOT, "%s,%s,%.6f,%.4f%n", r.estimator, r.model, r.rmse, r.mapePercent));
        }
    }

    /** {@code estimator,model,decile,rows,rmse,mape}: decile {@code d} covers progress {@code k / L} in {@code [d/10, (d+1)/10)}. */
    public static void writeDeciles(List<Row> rows, Writer out) throws IOException {
        out.write("estimator,model,decile,rows,rmse,mape\n");
        for (Row r : rows) {
            if (r.decile < 0) continue;
            out.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.4f%n", r.estimator, r.model, r.decile, r.count, r.rmse, r.mapePercent));
        }
    }
}
