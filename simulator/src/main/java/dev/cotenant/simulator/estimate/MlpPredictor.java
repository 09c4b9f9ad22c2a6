package dev.cotenant.simulator.estimate;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.latency.LatencyTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learned remaining-latency predictor as plain arrays: standardise the inputs, then a stack
 * of dense layers. Trained with DL4J in the models module and exported here, so the simulator
 * evaluates it with the JDK alone (a DL4J call on one row costs hundreds of microseconds; this
 * costs about one).
 *
 * <p>Its output is a {@code gamma}: the predicted {@code realRemaining / ownMeanRemaining}
 * (see {@link PredictorFeatures}), clamped to the range seen in training.
 *
 * <h2>File format</h2> UTF-8 text, one item per line, {@code #} lines ignored:
 * <pre>
 * cotenant-mlp 1
 * features N            then N lines, one feature name each
 * models M              then M lines, one model name each (the one-hot's order)
 * mean v1 .. vN         input standardisation: (x - mean) / std
 * std v1 .. vN
 * output_range lo hi
 * layers C              then per layer:
 * dense IN OUT ACTIVATION      (relu, tanh, sigmoid or identity)
 *   OUT lines of IN weights    (weight of input i into output o: line o, column i)
 *   one line of OUT biases
 * </pre>
 * Numbers are Java's shortest round-trip decimal form, so writing and reading loses nothing.
 *
 * <p>Not thread-safe: {@link #predict} uses the instance's scratch arrays so it allocates nothing.
 */
public final class MlpPredictor {
    public static final String MAGIC = "cotenant-mlp 1";

    public enum Activation {
        RELU, TANH, SIGMOID, IDENTITY;

        double apply(double x) {
            return switch (this) {
                case RELU -> x > 0 ? x : 0;
                case TANH -> Math.tanh(x);
                case SIGMOID -> 1 / (1 + Math.exp(-x));
                case IDENTITY -> x;
            };
        }

        String fileName() { return name().toLowerCase(Locale.ROOT); }
    }

    /** One fully connected layer: {@code out[o] = act(bias[o] + sum_i weights[o * inputs + i] * in[i])}. */
    public record Dense(int inputs, int outputs, double[] weights, double[] bias, Activation activation) {
        public Dense {
            if (inputs < 1 || outputs < 1 || weights.length != inputs * outputs || bias.length != outputs) {
                throw new IllegalArgumentException("dense layer shapes do not match " + inputs + " -> " + outputs);
            }
            weights = weights.clone();
            bias = bias.clone();
        }
    }

    private final List<String> featureNames;
    private final List<String> modelNames;
    private final double[] inputMean;
    private final double[] inputStd;
    private final List<Dense> layers;
    private final double outputMin;
    private final double outputMax;
    private final double[] features;
    private final double[][] activations;

    public MlpPredictor(List<String> modelNames, double[] inputMean, double[] inputStd, List<Dense> layers,
                        double outputMin, double outputMax) {
        this.modelNames = List.copyOf(modelNames);
        this.featureNames = PredictorFeatures.names(this.modelNames);
        int n = featureNames.size();
        if (inputMean.length != n || inputStd.length != n) {
            throw new IllegalArgumentException("normaliser has " + inputMean.length + " means and " + inputStd.length
                    + " deviations for " + n + " features");
        }
        if (layers.isEmpty() || layers.get(0).inputs() != n || layers.get(layers.size() - 1).outputs() != 1) {
            throw new IllegalArgumentException("layers must map " + n + " features to one output");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputs() != layers.get(i - 1).outputs()) throw new IllegalArgumentException("layer " + i + " does not chain");
        }
        for (double s : inputStd) if (!(s > 0)) throw new IllegalArgumentException("input deviation must be > 0, got " + s);
        if (!(outputMin <= outputMax)) throw new IllegalArgumentException("empty output range");
        this.inputMean = inputMean.clone();
        this.inputStd = inputStd.clone();
        this.layers = List.copyOf(layers);
        this.outputMin = outputMin;
        this.outputMax = outputMax;
        features = new double[n];
        activations = new double[layers.size()][];
        for (int i = 0; i < layers.size(); i++) activations[i] = new double[layers.get(i).outputs()];
    }

    public List<String> featureNames() { return featureNames; }
    public List<String> modelNames() { return modelNames; }
    public List<Dense> layers() { return layers; }
    public double outputMin() { return outputMin; }
    public double outputMax() { return outputMax; }

    /** The network's output on raw (unstandardised) {@code input}, unclamped: what DL4J's network gives. */
    public double predictRaw(double[] input) {
        double[] in = features;
        for (int i = 0; i < in.length; i++) in[i] = (input[i] - inputMean[i]) / inputStd[i];
        for (int l = 0; l < layers.size(); l++) {
            Dense d = layers.get(l);
            double[] out = activations[l];
            double[] w = d.weights;
            for (int o = 0, base = 0; o < d.outputs; o++, base += d.inputs) {
                double sum = d.bias[o];
                for (int i = 0; i < d.inputs; i++) sum += w[base + i] * in[i];
                out[o] = d.activation.apply(sum);
            }
            in = out;
        }
        return in[0];
    }

    /** The predicted gamma: {@link #predictRaw} clamped to the training targets' range. */
    public double predict(double[] input) {
        return Math.max(outputMin, Math.min(outputMax, predictRaw(input)));
    }

    /** Index of {@code modelName} in the one-hot, or -1. */
    public int modelIndex(String modelName) { return modelNames.indexOf(modelName); }

    /**
     * Predicted gamma for every row slot of {@code workload}: slot {@code rowStart + k} holds the
     * prediction after {@code k} layers, 1 at {@code k = 0} (nothing measured yet, as for the
     * monitor) and at the sentinel {@code k = L}. The predictor is a pure function of the row and
     * {@code k}, so a scheduler reads this table instead of running the network per decision.
     *
     * @throws BadInputException if the workload has a model this predictor was not trained on
     */
    public double[] gammaTable(CompiledWorkload workload) {
        double[] table = new double[workload.rowSlotCount()];
        double[] input = new double[featureNames.size()];
        for (int m = 0; m < workload.directory().modelCount(); m++) {
            LatencyTable t = workload.directory().table(m);
            int index = modelIndex(t.modelName());
            if (index < 0) {
                throw BadInputException.at("predictor", "was trained for models " + modelNames + ", not for '" + t.modelName()
                        + "' of this latency directory");
            }
            int layers = t.layerCount();
            for (int b = 0; b < t.sampleCount(); b++) {
                int row = workload.rowStart(m, b);
                table[row] = 1;
                table[row + layers] = 1;
                for (int k = 1; k < layers; k++) {
                    PredictorFeatures.fill(workload, m, index, row, k, input);
                    table[row + k] = predict(input);
                }
            }
        }
        return table;
    }

    // ---- file format ----

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, w -> w.write(toText()));
    }

    public String toText() {
        StringBuilder b = new StringBuilder(MAGIC).append('\n');
        b.append("# plain-array MLP for the learned remaining-latency predictor; see MlpPredictor\n");
        b.append("features ").append(featureNames.size()).append('\n');
        for (String f : featureNames) b.append(f).append('\n');
        b.append("models ").append(modelNames.size()).append('\n');
        for (String m : modelNames) b.append(m).append('\n');
        b.append("mean");
        for (double v : inputMean) b.append(' ').append(v);
        b.append("\nstd");
        for (double v : inputStd) b.append(' ').append(v);
        b.append("\noutput_range ").append(outputMin).append(' ').append(outputMax).append('\n');
        b.append("layers ").append(layers.size()).append('\n');
        for (Dense d : layers) {
            b.append("dense ").append(d.inputs).append(' ').append(d.outputs).append(' ').append(d.activation.fileName()).append('\n');
            for (int o = 0; o < d.outputs; o++) {
                for (int i = 0; i < d.inputs; i++) b.append(i == 0 ? "" : " ").append(d.weights[o * d.inputs + i]);
                b.append('\n');
            }
            for (int o = 0; o < d.outputs; o++) b.append(o == 0 ? "" : " ").append(d.bias[o]);
            b.append('\n');
        }
        return b.toString();
    }

    /** Reads a predictor file; a missing, malformed or foreign-featured file is bad input. */
    public static MlpPredictor read(Path file) {
        if (Files.isDirectory(file)) throw BadInputException.at(file.toString(), "is a folder; give the predictor.txt or predictor.zip in it");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw BadInputException.at(file.toString(), "no such predictor file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw BadInputException.at(file.toString(), "not a predictor file (not UTF-8 text)");
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "cannot read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    public static MlpPredictor parse(String text, String where) {
        return new Parser(text, where).parse();
    }

    private static final class Parser {
        private final List<String> lines = new ArrayList<>();
        private final List<Integer> lineNumbers = new ArrayList<>();
        private final String where;
        private int next;

        Parser(String text, String where) {
            this.where = where;
            String[] raw = text.split("\r?\n", -1);
            for (int i = 0; i < raw.length; i++) {
                String l = raw[i].strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                lines.add(l);
                lineNumbers.add(i + 1);
            }
        }

        MlpPredictor parse() {
            if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw fail("not a predictor file: first line must be '" + MAGIC + "'");
            next = 1;
            int featureCount = count("features");
            List<String> features = new ArrayList<>();
            for (int i = 0; i < featureCount; i++) features.add(line());
            int modelCount = count("models");
            List<String> models = new ArrayList<>();
            for (int i = 0; i < modelCount; i++) models.add(line());
            List<String> expected = PredictorFeatures.names(models);
            if (!features.equals(expected)) {
                throw BadInputException.at(where, "trained for other features " + features + "; this simulator computes " + expected);
            }
            double[] mean = numbers("mean", featureCount);
            double[] std = numbers("std", featureCount);
            double[] range = numbers("output_range", 2);
            int layerCount = count("layers");
            List<Dense> layers = new ArrayList<>();
            for (int l = 0; l < layerCount; l++) {
                String[] head = fields("dense", 3);
                int in = integer(head[0]);
                int out = integer(head[1]);
                Activation act;
                try {
                    act = Activation.valueOf(head[2].toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw fail("unknown activation '" + head[2] + "'");
                }
                double[] w = new double[in * out];
                for (int o = 0; o < out; o++) System.arraycopy(numbers(null, in), 0, w, o * in, in);
                layers.add(new Dense(in, out, w, numbers(null, out), act));
            }
            try {
                return new MlpPredictor(models, mean, std, layers, range[0], range[1]);
            } catch (IllegalArgumentException e) {
                throw BadInputException.at(where, e.getMessage());
            }
        }

        private BadInputException fail(String problem) {
            int at = Math.min(next, lines.size() - 1);
            return at < 0 ? BadInputException.at(where, problem) : BadInputException.at(where, lineNumbers.get(at), problem);
        }

        private String line() {
            if (next >= lines.size()) throw BadInputException.at(where, "ends early (truncated?)");
            return lines.get(next++);
        }

        /** The fields after {@code key} (or all fields when key is null), exactly {@code n} of them. */
        private String[] fields(String key, int n) {
            String l = line();
            String[] parts = l.split("\\s+");
            int skip = key == null ? 0 : 1;
            if (key != null && !parts[0].equals(key)) { next--; throw fail("expected '" + key + "', got '" + parts[0] + "'"); }
            if (parts.length - skip != n) { next--; throw fail("expected " + n + " values, got " + (parts.length - skip)); }
            String[] out = new String[n];
            System.arraycopy(parts, skip, out, 0, n);
            return out;
        }

        private int count(String key) {
            int n = integer(fields(key, 1)[0]);
            if (n < 0) throw fail(key + " must be >= 0");
            return n;
        }

        private double[] numbers(String key, int n) {
            String[] f = fields(key, n);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                try {
                    v[i] = Double.parseDouble(f[i]);
                } catch (NumberFormatException e) {
                    next--;
                    throw fail("'" + f[i] + "' is not a number");
                }
                if (!Double.isFinite(v[i])) { next--; throw fail("non-finite number " + f[i]); }
            }
            return v;
        }

        private int integer(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                next--;
                throw fail("'" + s + "' is not an integer");
            }
        }
    }
}
