package dev.cotenant.models;

import dev.cotenant.simulator.latency.LatencyDirectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * From a latency directory to a trained, carded predictor: split by sample, build the rows,
 * train, and record everything needed to reproduce and to trust it in the model card.
 */
public final class PredictorTraining {
    /** Seed of the sample split unless told otherwise; the card records it. */
    public static final long DEFAULT_SPLIT_SEED = 7;

    private PredictorTraining() {}

    /**
     * @param provenance where the directory came from (e.g. {@code scenario}, {@code samples_per_model},
     *                   {@code synthetic}); copied into the card's {@code data} section
     */
    public static TrainedPredictor train(LatencyDirectory directory, Map<String, Object> provenance, long splitSeed,
                                         PredictorTrainer.Config config, Consumer<PredictorTrainer.Epoch> progress) {
        PredictorDataset data = new PredictorDataset(new SampleSplit(directory, splitSeed));
        PredictorTrainer.Result result = PredictorTrainer.train(data, config, progress);
        double[] target = data.train().target();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double t : target) { lo = Math.min(lo, t); hi = Math.max(hi, t); }

        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", "cotenant-predictor-card 1");
        card.put("what", "MLP predicting realRemaining / ownMeanRemaining of a request after k of its L layers (a learned gamma)");
        card.put("features", data.featureNames());
        card.put("models", data.modelNames());
        card.put("target", "real remaining latency / own-model mean remaining latency (training samples' means)");
        card.put("output_range", List.of(lo, hi));
        card.put("normaliser", Map.of("kind", "standardise (x - mean) / std, fitted on the training part",
                "mean", result.normalizer().getMean().toDoubleVector(), "std", result.normalizer().getStd().toDoubleVector()));
        Map<String, Object> dataSection = new LinkedHashMap<>(provenance);
        dataSection.put("fingerprint_sha256", SampleSplit.fingerprint(directory));
        dataSection.put("split", "by sample, per model; seed " + splitSeed + "; validation " + SampleSplit.VALIDATION_SHARE
                + ", test " + SampleSplit.TEST_SHARE);
        dataSection.put("split_seed", splitSeed);
        dataSection.put("samples", Map.of("train", data.split().sampleCount(SampleSplit.Part.TRAIN),
                "validation", data.split().sampleCount(SampleSplit.Part.VALIDATION), "test", data.split().sampleCount(SampleSplit.Part.TEST)));
        dataSection.put("rows", Map.of("train", data.train().rows(), "validation", data.validation().rows(), "test", data.test().rows()));
        card.put("data", dataSection);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("library", "deeplearning4j-nn 1.0.0-M2.1, nd4j-native linux-x86_64, double precision");
        training.put("hidden_units", config.hiddenUnits());
        training.put("activation", "relu; identity output; loss MSE");
        training.put("optimiser", "Adam, learning rate " + config.learningRate());
        training.put("batch_size", config.batchSize());
        training.put("max_epochs", config.maxEpochs());
        training.put("patience_epochs", config.patienceEpochs());
        training.put("seed", config.seed());
        training.put("best_epoch", result.bestEpoch());
        List<Map<String, Object>> history = new ArrayList<>();
        for (PredictorTrainer.Epoch e : result.history()) {
            history.add(Map.of("epoch", e.epoch(), "train_mse", e.trainLoss(), "validation_mse", e.validationLoss()));
        }
        training.put("history", history);
        card.put("training", training);

        TrainedPredictor trained = new TrainedPredictor(result.network(), result.normalizer(), card);
        List<EstimatorErrors.Row> errors = EstimatorErrors.evaluate(data.test(), data.modelNames(), trained.export());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("on", "test samples (never seen in training or early stopping); rmse of the gamma, mape of seconds in %");
        for (String estimator : EstimatorErrors.ESTIMATORS) {
            EstimatorErrors.Row r = EstimatorErrors.find(errors, estimator, EstimatorErrors.ALL);
            metrics.put(estimator, Map.of("rmse", r.rmse(), "mape_percent", r.mapePercent()));
        }
        card.put("metrics", metrics);
        return trained;
    }
}
