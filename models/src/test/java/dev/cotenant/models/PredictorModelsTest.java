package dev.cotenant.models;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.estimate.PredictorFeatures;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One small training run (three attention networks, 20 samples each) shared by the tests. */
class PredictorModelsTest {
    static final PredictorTrainer.Config SMALL = new PredictorTrainer.Config(List.of(12, 8), 5e-3, 64, 6, 3, 11);
    static LatencyDirectory directory;
    static TrainedPredictor trained;
    static PredictorDataset data;

    @BeforeAll
    static void train() {
        directory = Scenarios.latencyDirectory(Scenarios.byName("dysta-datacentre-assistant"), 20, SparseCnnAccelerator.eyerissV2(),
                a -> new SangerLatencyModel(a.sequenceLength())::layerLatencySeconds);
        data = new PredictorDataset(new SampleSplit(directory, 3));
        trained = PredictorTraining.train(directory, Map.of("scenario", "dysta-datacentre-assistant", "synthetic", true), 3, SMALL, e -> {});
    }

    @Test
    void splitIsBySampleAndDisjoint() {
        SampleSplit split = data.split();
        for (int m = 0; m < directory.modelCount(); m++) {
            Set<Integer> seen = new HashSet<>();
            int total = 0;
            for (SampleSplit.Part p : SampleSplit.Part.values()) {
                for (int s : split.samples(p, m)) assertTrue(seen.add(s), "sample " + s + " in two parts");
                total += split.samples(p, m).length;
            }
            assertEquals(20, total);
            assertEquals(4, split.samples(SampleSplit.Part.TEST, m).length, "20% of 20");
        }
        // Rows: each of the 12 train samples per model contributes L - 1 progress points.
        int expected = 0;
        for (int m = 0; m < directory.modelCount(); m++) expected += 12 * (directory.table(m).layerCount() - 1);
        assertEquals(expected, data.train().rows());
    }

    @Test
    void heldOutRowsUseTrainingStatisticsOnly() {
        LatencyDirectory train = data.split().directory(SampleSplit.Part.TRAIN);
        var w = data.test().workload();
        for (int m = 0; m < directory.modelCount(); m++) {
            assertEquals(train.table(m).meanEndToEndSeconds(), w.ownMeanRemainingSeconds(w.estimateStart(m)), 1e-15);
        }
    }

    @Test
    void tooSmallDirectoryIsBadInput() {
        LatencyDirectory tiny = new LatencyDirectory(List.of(SampleSplit.subset(directory.table(0), new int[] {0, 1, 2, 3, 4})));
        BadInputException e = assertThrows(BadInputException.class, () -> new SampleSplit(tiny, 1));
        assertTrue(e.getMessage().contains("at least 10"), e.getMessage());
    }

    /** The kernel's plain-array forward pass computes DL4J's function: within 1e-5 on every test row. */
    @Test
    void exportMatchesDl4jOnTheTestSplit() {
        MlpPredictor exported = trained.export();
        PredictorDataset.Part test = data.test();
        double[] dl4j = trained.outputRaw(TrainedPredictor.matrix(test.features(), test.rows(), test.width()));
        double[] row = new double[test.width()];
        double worst = 0;
        for (int i = 0; i < test.rows(); i++) {
            System.arraycopy(test.features(), i * test.width(), row, 0, test.width());
            worst = Math.max(worst, Math.abs(exported.predictRaw(row) - dl4j[i]));
        }
        assertTrue(test.rows() > 100);
        assertTrue(worst < 1e-5, "worst difference " + worst);
    }

    @Test
    void trainingIsRepeatable() {
        TrainedPredictor again = PredictorTraining.train(directory, Map.of(), 3, SMALL, e -> {});
        assertEquals(trained.network().params(), again.network().params());
    }

    @Test
    void savedModelLoadsBackAndBadFilesAreBadInput(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("predictor.zip");
        trained.save(zip);
        assertTrue(Files.exists(dir.resolve("model-card.json")));
        TrainedPredictor loaded = TrainedPredictor.load(zip);
        double[] x = Arrays.copyOf(data.test().features(), data.test().width());
        assertEquals(trained.export().predictRaw(x), loaded.export().predictRaw(x), 0);
        assertEquals(trained.card().get("features"), loaded.card().get("features"));

        assertThrows(BadInputException.class, () -> TrainedPredictor.load(dir.resolve("missing.zip")));
        Path corrupt = dir.resolve("corrupt.zip");
        Files.write(corrupt, Arrays.copyOf(Files.readAllBytes(zip), 300));
        assertThrows(BadInputException.class, () -> TrainedPredictor.load(corrupt));
        Map<String, Object> foreignCard = new java.util.LinkedHashMap<>(trained.card());
        foreignCard.put("features", PredictorFeatures.names(List.of("other")));
        assertThrows(BadInputException.class, () -> new TrainedPredictor(trained.network(), trained.normalizer(), foreignCard));
    }

    /** A "learned" predictor that passes Dysta's gamma through must score exactly Dysta's rate; static is gamma = 1 worked directly. */
    @Test
    void errorsAreComputedOnTheSameFooting() {
        PredictorDataset.Part test = data.test();
        int n = test.width();
        double[] w = new double[n];
        w[PredictorFeatures.DENSE.indexOf("gamma_monitor")] = 1;
        double[] zero = new double[n], one = new double[n];
        Arrays.fill(one, 1);
        MlpPredictor monitor = new MlpPredictor(data.modelNames(), zero, one,
                List.of(new MlpPredictor.Dense(n, 1, w, new double[] {0}, MlpPredictor.Activation.IDENTITY)), 0, 1e9);
        List<EstimatorErrors.Row> rows = EstimatorErrors.evaluate(test, data.modelNames(), monitor);
        assertEquals(EstimatorErrors.find(rows, "dysta-rate", "all").rmse(), EstimatorErrors.find(rows, "learned", "all").rmse(), 1e-15);
        double sum = 0;
        for (int i = 0; i < test.rows(); i++) sum += Math.pow(test.realRemainingSeconds()[i] / test.staticRemainingSeconds()[i] - 1, 2);
        assertEquals(Math.sqrt(sum / test.rows()), EstimatorErrors.find(rows, "static", "all").rmse(), 1e-12);
        assertEquals(9, EstimatorErrors.decile(9, 10));
        assertEquals(0, EstimatorErrors.decile(1, 12));
    }
}
