package dev.cotenant.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.estimate.PredictorFeatures;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A trained DL4J predictor with its normaliser and model card: saved as one DL4J zip
 * ({@link ModelSerializer}, normaliser and card inside), loaded back, and exported to the
 * simulator's plain-array {@link MlpPredictor}.
 *
 * <p>The card is JSON: feature names, model names, the normaliser, the data's provenance (source,
 * its fingerprint, split seed and sizes), the training config and history, and metrics.
 */
public final class TrainedPredictor {
    static final String CARD_KEY = "model-card.json";
    // sorted keys: the same training gives the same bytes (the card's maps include Map.of, whose order varies per JVM)
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final MultiLayerNetwork network;
    private final NormalizerStandardize normalizer;
    private final Map<String, Object> card;
    private final List<String> modelNames;

    public TrainedPredictor(MultiLayerNetwork network, NormalizerStandardize normalizer, Map<String, Object> card) {
        this.network = network;
        this.normalizer = normalizer;
        this.card = card;
        @SuppressWarnings("unchecked")
        List<String> models = (List<String>) card.get("models");
        if (models == null) throw new BadInputException("model card: no 'models' list");
        this.modelNames = List.copyOf(models);
        List<?> features = (List<?>) card.get("features");
        if (!PredictorFeatures.names(modelNames).equals(features)) {
            throw new BadInputException("model card: trained for other features " + features + "; this version computes "
                    + PredictorFeatures.names(modelNames));
        }
        long inputs = network.layerInputSize(0);
        if (inputs != features.size()) {
            throw new BadInputException("predictor network takes " + inputs + " inputs, its card lists " + features.size() + " features");
        }
    }

    public MultiLayerNetwork network() { return network; }
    public NormalizerStandardize normalizer() { return normalizer; }
    public Map<String, Object> card() { return card; }
    public List<String> modelNames() { return modelNames; }

    /** DL4J's output on raw (unnormalised) feature rows {@code [rows, width]}, one value per row. */
    public double[] outputRaw(INDArray features) {
        INDArray x = features.dup();
        normalizer.transform(x);
        return network.output(x, false).toDoubleVector();
    }

    /** The same function as plain arrays, for the simulator. */
    public MlpPredictor export() {
        double[] mean = normalizer.getMean().toDoubleVector();
        double[] std = normalizer.getStd().toDoubleVector();
        List<MlpPredictor.Dense> layers = new ArrayList<>();
        for (Layer layer : network.getLayers()) {
            INDArray w = layer.getParam("W"); // [nIn, nOut]: out = in . W + b
            INDArray b = layer.getParam("b");
            int in = (int) w.size(0), out = (int) w.size(1);
            double[] weights = new double[in * out];
            for (int o = 0; o < out; o++) for (int i = 0; i < in; i++) weights[o * in + i] = w.getDouble(i, o);
            layers.add(new MlpPredictor.Dense(in, out, weights, b.toDoubleVector(), activation(((BaseLayer) layer.conf().getLayer()).getActivationFn())));
        }
        double[] range = (double[]) outputRange();
        return new MlpPredictor(modelNames, mean, std, layers, range[0], range[1]);
    }

    private Object outputRange() {
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>) card.get("output_range");
        if (r == null || r.size() != 2) throw new BadInputException("model card: no 'output_range' [lo, hi]");
        return new double[] {r.get(0).doubleValue(), r.get(1).doubleValue()};
    }

    private static MlpPredictor.Activation activation(IActivation a) {
        if (a instanceof ActivationReLU) return MlpPredictor.Activation.RELU;
        if (a instanceof ActivationTanH) return MlpPredictor.Activation.TANH;
        if (a instanceof ActivationSigmoid) return MlpPredictor.Activation.SIGMOID;
        if (a instanceof ActivationIdentity) return MlpPredictor.Activation.IDENTITY;
        throw new BadInputException("predictor uses activation " + a + ", which the plain-array export does not support");
    }

    /** Writes the DL4J zip (network, normaliser, card) and the card beside it as {@code model-card.json}. */
    public void save(Path zip) throws IOException {
        ModelSerializer.writeModel(network, zip.toFile(), false, normalizer);
        String json = JSON.writeValueAsString(card);
        // Added with the JDK's zip file system: ModelSerializer.addObjectToFile fails on M2.1 ("stream is closed").
        try (FileSystem fs = FileSystems.newFileSystem(zip)) {
            Files.writeString(fs.getPath(CARD_KEY), json);
        }
        Files.writeString(zip.resolveSibling(CARD_KEY), json + "\n");
        normaliseZip(zip);
    }

    /** The zip's entries in their order, each stamped {@link #ENTRY_TIME} with no extra fields, so equal content gives equal bytes. */
    static void normaliseZip(Path zip) throws IOException {
        Path temp = zip.resolveSibling("." + zip.getFileName() + ".normalising.tmp");
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(temp))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(ENTRY_TIME);
                out.putNextEntry(copy);
                in.transferTo(out);
                out.closeEntry();
            }
        }
        Files.move(temp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** 1980-01-01T00:00 local, the zip format's earliest time: a fixed stamp instead of the moment of writing. */
    private static final long ENTRY_TIME = new java.util.GregorianCalendar(1980, java.util.Calendar.JANUARY, 1).getTimeInMillis();

    /** Loads a zip written by {@link #save}; a missing, corrupt or foreign file is bad input. */
    public static TrainedPredictor load(Path zip) {
        File f = zip.toFile();
        if (!f.isFile()) throw BadInputException.at(zip.toString(), "no such model file");
        Pair<MultiLayerNetwork, org.nd4j.linalg.dataset.api.preprocessor.Normalizer> pair;
        String json;
        try {
            pair = ModelSerializer.restoreMultiLayerNetworkAndNormalizer(f, false);
            try (ZipFile z = new ZipFile(f)) {
                ZipEntry entry = z.getEntry(CARD_KEY);
                if (entry == null) throw BadInputException.at(zip.toString(), "has no " + CARD_KEY + " (not trained by cotenant?)");
                json = new String(z.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (BadInputException e) {
            throw e;
        } catch (Exception | Error e) { // DL4J reports a corrupt zip in many ways
            throw BadInputException.at(zip.toString(), "not a readable predictor model (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
        }
        if (!(pair.getSecond() instanceof NormalizerStandardize normalizer)) {
            throw BadInputException.at(zip.toString(), "has no standardising input normaliser");
        }
        Map<String, Object> card;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.readValue(json, LinkedHashMap.class);
            card = parsed;
        } catch (IOException e) {
            throw BadInputException.at(zip.toString(), "model card is not JSON");
        }
        try {
            return new TrainedPredictor(pair.getFirst(), normalizer, card);
        } catch (BadInputException e) {
            throw BadInputException.at(zip.toString(), e.getMessage());
        }
    }

    private static String firstLine(String s) {
        int cut = s.indexOf('\n');
        return cut < 0 ? s : s.substring(0, cut);
    }

    static INDArray matrix(double[] flat, int rows, int width) {
        return Nd4j.create(flat, new long[] {rows, width}, 'c');
    }
}
