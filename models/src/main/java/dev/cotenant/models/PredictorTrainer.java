package dev.cotenant.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains the remaining-latency MLP with DL4J: inputs standardised on the training part, Adam on
 * mean squared error of the gamma target, early stopping on the validation part's loss (the
 * parameters of the best epoch are kept). Doubles throughout, so the plain-array export matches
 * DL4J to rounding; seeded initialisation and shuffling make a run repeatable.
 */
public final class PredictorTrainer {
    /**
     * @param hiddenUnits    width of each hidden ReLU layer
     * @param patienceEpochs stop after this many epochs without a better validation loss
     */
    public record Config(List<Integer> hiddenUnits, double learningRate, int batchSize, int maxEpochs, int patienceEpochs, long seed) {
        public static final Config DEFAULT = new Config(List.of(32, 32), 2e-3, 256, 60, 6, 42);

        public Config {
            hiddenUnits = List.copyOf(hiddenUnits);
            if (hiddenUnits.isEmpty() || hiddenUnits.stream().anyMatch(h -> h < 1)) throw new IllegalArgumentException("hidden layers must have >= 1 unit");
            if (!(learningRate > 0) || batchSize < 1 || maxEpochs < 1 || patienceEpochs < 1) throw new IllegalArgumentException("bad training config " + this);
        }

        public Config withMaxEpochs(int epochs) { return new Config(hiddenUnits, learningRate, batchSize, epochs, patienceEpochs, seed); }
        public Config withSeed(long s) { return new Config(hiddenUnits, learningRate, batchSize, maxEpochs, patienceEpochs, s); }
    }

    /** Mean squared error of the gamma target after an epoch, on the training and validation parts. */
    public record Epoch(int epoch, double trainLoss, double validationLoss, boolean best) {}

    /** The trained network (best validation epoch), its input normaliser and the epoch history. */
    public record Result(MultiLayerNetwork network, NormalizerStandardize normalizer, List<Epoch> history, int bestEpoch) {}

    private PredictorTrainer() {}

    public static Result train(PredictorDataset data, Config config, Consumer<Epoch> progress) {
        DataSet train = dataSet(data.train());
        DataSet validation = dataSet(data.validation());
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(train);
        normalizer.transform(train);
        normalizer.transform(validation);

        MultiLayerNetwork net = new MultiLayerNetwork(configuration(data.train().width(), config));
        net.init();
        List<Epoch> history = new ArrayList<>();
        INDArray best = net.params().dup();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
            // Seeded per epoch: the same config shuffles the same way every run.
            train.shuffle(config.seed() * 1_000_003L + epoch);
            for (DataSet batch : train.batchBy(config.batchSize())) net.fit(batch);
            double trainLoss = net.score(train);
            double validationLoss = net.score(validation);
            boolean improved = validationLoss < bestLoss;
            if (improved) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                best = net.params().dup();
            }
            Epoch e = new Epoch(epoch, trainLoss, validationLoss, improved);
            history.add(e);
            progress.accept(e);
            if (epoch - bestEpoch >= config.patienceEpochs()) break;
        }
        net.setParams(best);
        return new Result(net, normalizer, List.copyOf(history), bestEpoch);
    }

    static MultiLayerConfiguration configuration(int inputs, Config config) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(config.learningRate()))
                .list();
        int in = inputs;
        for (int h : config.hiddenUnits()) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.RELU).build());
            in = h;
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(1).activation(Activation.IDENTITY).build());
        return list.build();
    }

    /** The part's rows as an unnormalised DL4J data set (a copy). */
    static DataSet dataSet(PredictorDataset.Part part) {
        INDArray x = Nd4j.create(part.features(), new long[] {part.rows(), part.width()}, 'c');
        INDArray y = Nd4j.create(part.target(), new long[] {part.rows(), 1}, 'c');
        return new DataSet(x, y);
    }
}
