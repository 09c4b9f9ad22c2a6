package dev.cotenant.models.measured;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.models.NativeThreads;
import dev.cotenant.models.data.FashionMnist;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured Fashion-MNIST networks: pruning and fine-tuning of the committed dense weights,
 * measurement of per-image input sparsity on the test split, and the latency tables the
 * Eyeriss-v2-like cost model gives for each network on its real layer shapes, with the pruned
 * layers' measured weight sparsity as the static part and the measured activation sparsity as
 * the dynamic part.
 *
 * <p>Committed weights live in {@value #RESOURCES} ({@code MODEL_VARIANT.zip}), with their cards
 * ({@code ARCH.md}) and {@code networks.json}, the numbers the cards and tests state.
 */
public final class MeasuredFashionNetworks {
    public static final String RESOURCES = "/dev/cotenant/models/measured/fmnist/";
    /** Dense, unstructured magnitude pruning at 50/70/90%, and filter (channel) pruning at 50%. */
    public static final List<PruningVariant> VARIANTS = List.of(PruningVariant.DENSE,
            new PruningVariant(PruningPattern.UNSTRUCTURED, 0.5), new PruningVariant(PruningPattern.UNSTRUCTURED, 0.7),
            new PruningVariant(PruningPattern.UNSTRUCTURED, 0.9), new PruningVariant(PruningPattern.FILTER, 0.5));
    /**
     * Fine-tuning after pruning: 20 steps of 64 images (1,280 images), masks re-applied after each
     * step. Brief because of the machine (1.7-8 s a step here), which is why 90% unstructured loses
     * more accuracy than a longer fine-tune would.
     */
    public static final int FINE_TUNE_BATCHES = 20;
    /** The test images whose accuracy the cards also state, so a test can check the committed weights quickly. */
    public static final int QUICK_CHECK_IMAGES = 500;
    /** A table's sparsity must be below 1 (an all-zero input would cost nothing): capped just below. */
    static final double MAX_TABLE_SPARSITY = 0.999;

    /** One network variant as measured: what {@code networks.json} holds per entry. */
    public record Card(String model, String architecture, String family, String variant, long parameters, long denseMacs,
                       int trainingBatches, int fineTuneBatches, long seed, double testAccuracy, int testImages,
                       double quickCheckAccuracy, double[] weightSparsity, String[] layers) {}

    private MeasuredFashionNetworks() {}

    public static String modelName(FashionArchitecture a, PruningVariant v) { return a.modelName() + "_" + v.name(); }

    /** The committed weights of a variant. */
    public static ComputationGraph committed(FashionArchitecture a, PruningVariant v) {
        String resource = RESOURCES + modelName(a, v) + ".zip";
        try (InputStream in = MeasuredFashionNetworks.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the models jar");
            return FashionTraining.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed cards, in {@code networks.json} order. */
    public static List<Card> committedCards() {
        try (InputStream in = MeasuredFashionNetworks.class.getResourceAsStream(RESOURCES + "networks.json")) {
            if (in == null) throw new IllegalStateException(RESOURCES + "networks.json is missing from the models jar");
            return List.of(new ObjectMapper().readValue(in, Card[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Weight sparsity (share of exact zeros) of every compute layer. */
    public static double[] weightSparsity(ComputationGraph net, FashionArchitecture a) {
        List<GraphSpec.ComputeLayer> layers = a.spec(0).computeLayers();
        double[] w = new double[layers.size()];
        for (int l = 0; l < w.length; l++) w[l] = Pruning.weightSparsity(net, layers.get(l).layer().name());
        return w;
    }

    /** Per-image input sparsity and accuracy of {@code net} on {@code split}. */
    public static SparsityMeter.Measurement measure(ComputationGraph net, FashionArchitecture a, FashionMnist.Split split) {
        GraphSpec spec = a.spec(0);
        List<GraphSpec.ComputeLayer> layers = spec.computeLayers();
        return SparsityMeter.measure(net, layers, layers.get(layers.size() - 1).layer().name(), split);
    }

    /**
     * The EyerissV2-layout latency table: sample {@code b}'s layer {@code l} costs
     * {@code layerSeconds(layer, measured input sparsity, measured weight sparsity)}.
     */
    public static LatencyTable table(FashionArchitecture a, PruningVariant v, SparsityMeter.Measurement m, double[] weightSparsity,
                                     SparseCnnAccelerator accelerator) {
        var layers = a.computeLayers();
        int n = m.images();
        int count = layers.size();
        double[] sparsity = new double[n * count];
        double[] latency = new double[n * count];
        for (int b = 0; b < n; b++) {
            for (int l = 0; l < count; l++) {
                double s = Math.min(m.sparsity(b, l), MAX_TABLE_SPARSITY);
                sparsity[b * count + l] = s;
                latency[b * count + l] = accelerator.layerSeconds(layers.get(l), s, Math.min(weightSparsity[l], MAX_TABLE_SPARSITY));
            }
        }
        return new LatencyTable(modelName(a, v), LatencyTable.Layout.EYERISS_V2, n, count, latency, sparsity);
    }

    /**
     * Builds the variants from the dense weights in {@code weights} (pruned, fine-tuned, written
     * there), measures every variant on the first {@code images} test images, and writes the
     * latency tables into {@code latencyOut} and the cards into {@code weights}.
     *
     * <p>Run: {@code java -cp ... dev.cotenant.models.measured.MeasuredFashionNetworks WEIGHTS_DIR LATENCY_DIR [IMAGES] [ARCH ...]}
     */
    public static void main(String[] args) throws IOException {
        NativeThreads.use(1);
        Path weights = Path.of(args[0]);
        Path latencyOut = Path.of(args[1]);
        int images = args.length > 2 ? Integer.parseInt(args[2]) : FashionMnist.TEST_COUNT;
        List<FashionArchitecture> which = new ArrayList<>();
        for (int i = 3; i < args.length; i++) which.add(FashionArchitecture.byName(args[i]));
        if (which.isEmpty()) which.addAll(List.of(FashionArchitecture.values()));
        FashionMnist.Split train = FashionMnist.train();
        FashionMnist.Split test = FashionMnist.test().first(images);
        Files.createDirectories(latencyOut);
        List<Card> cards = new ArrayList<>();
        for (FashionArchitecture a : which) {
            List<GraphSpec.ComputeLayer> layers = a.spec(0).computeLayers();
            for (PruningVariant v : VARIANTS) {
                Path file = weights.resolve(modelName(a, v) + ".zip");
                int fineTune = 0;
                if (!Files.exists(file)) {
                    if (v.pattern() == PruningPattern.DENSE) throw BadInputException.at(file.toString(), "dense weights missing: run TrainFashionNetworks first");
                    ComputationGraph net = load(weights.resolve(modelName(a, PruningVariant.DENSE) + ".zip"));
                    Pruning pruning = Pruning.apply(net, layers, v);
                    long start = System.nanoTime();
                    FashionTraining.fit(net, train, 1, FINE_TUNE_BATCHES, TrainFashionNetworks.SEED + 1, pruning::reapply, (d, t) -> {});
                    System.err.printf(Locale.ROOT, "%s: pruned and fine-tuned in %.0f s%n", modelName(a, v), (System.nanoTime() - start) / 1e9);
                    FashionTraining.save(net, file);
                }
                if (v.pattern() != PruningPattern.DENSE) fineTune = FINE_TUNE_BATCHES;
                ComputationGraph net = load(file);
                long start = System.nanoTime();
                SparsityMeter.Measurement m = measure(net, a, test);
                double[] w = weightSparsity(net, a);
                LatencyTable table = table(a, v, m, w, SparseCnnAccelerator.eyerissV2());
                LatencyCsv.write(table, latencyOut.resolve(table.modelName() + ".csv"));
                int quick = Math.min(QUICK_CHECK_IMAGES, images);
                int quickCorrect = 0;
                SparsityMeter.Measurement q = measure(net, a, test.first(quick));
                quickCorrect = q.correct();
                cards.add(new Card(table.modelName(), a.modelName(), a.family(), v.name(), a.parameters(), a.macs(),
                        a.trainingBatches(), fineTune, TrainFashionNetworks.SEED, m.accuracy(), images, (double) quickCorrect / quick, w,
                        layers.stream().map(c -> c.layer().name()).toArray(String[]::new)));
                System.err.printf(Locale.ROOT, "%s: accuracy %.4f on %d test images, measured in %.0f s%n", table.modelName(),
                        m.accuracy(), images, (System.nanoTime() - start) / 1e9);
            }
        }
        for (var e : byArchitecture(cards).entrySet()) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(weights.resolve(e.getKey() + ".cards.json").toFile(), e.getValue());
        }
    }

    /**
     * Joins the per-architecture card files into {@code networks.json} and writes each
     * architecture's model card {@code ARCH.md}.
     * <p>Run: {@code java -cp ... dev.cotenant.models.measured.MeasuredFashionNetworks\$Cards WEIGHTS_DIR}
     */
    public static final class Cards {
        public static void main(String[] args) throws IOException {
            Path weights = Path.of(args[0]);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            List<Card> all = new ArrayList<>();
            for (FashionArchitecture a : FashionArchitecture.values()) {
                List<Card> cards = List.of(json.readValue(weights.resolve(a.modelName() + ".cards.json").toFile(), Card[].class));
                all.addAll(cards);
                Files.writeString(weights.resolve(a.modelName() + ".md"), modelCard(a, cards));
            }
            json.writeValue(weights.resolve("networks.json").toFile(), all);
        }
    }

    static String modelCard(FashionArchitecture a, List<Card> cards) {
        StringBuilder s = new StringBuilder();
        Card dense = cards.get(0);
        s.append("# Model card: ").append(a.modelName()).append(" (").append(a.family()).append(")\n\n");
        s.append(String.format(Locale.ROOT, """
                - **Data**: Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, MIT licence) as Debian's `dataset-fashion-mnist` installs it;
                  pixels / 255, no other preprocessing. Training images from the 60,000-image training split, accuracy on the
                  first %,d of the 10,000 test images (and on the first %d, which `CommittedNetworksTest` re-checks).
                - **Network**: %,d parameters, %,d MACs per image (dense), ReLU after every hidden layer, no batch norm;
                  layers: %s.
                - **Training**: DL4J 1.0.0-M2.1, Adam, batches of %d, %d steps (%,d images of one seeded pass over the
                  training split), seed %d, float32, one native thread.
                - **Pruning**: magnitude per layer, first layer kept dense; unstructured: the floor(p n) smallest weights;
                  filter: the floor(p f) output filters of smallest L1 norm (weights and bias) of each ReLU-output layer but
                  the first. Then %d fine-tuning steps of %d images with the masks re-applied after each step.
                - **Commands**: `TrainFashionNetworks` (dense), then `MeasuredFashionNetworks` (prune, fine-tune, measure),
                  then `MeasuredFashionNetworks$Cards` (this card); see docs/workloads.md.

                | variant | weight sparsity per layer | test accuracy | accuracy, first %d |
                |---|---|---|---|
                """, dense.testImages(), QUICK_CHECK_IMAGES, dense.parameters(), dense.denseMacs(), String.join(", ", dense.layers()),
                FashionTraining.BATCH_IMAGES, dense.trainingBatches(), dense.trainingBatches() * FashionTraining.BATCH_IMAGES, dense.seed(),
                FINE_TUNE_BATCHES, FashionTraining.BATCH_IMAGES, QUICK_CHECK_IMAGES));
        for (Card c : cards) {
            StringBuilder w = new StringBuilder();
            for (double x : c.weightSparsity()) w.append(w.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", x));
            s.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.3f |%n", c.variant(), w, c.testAccuracy(), c.quickCheckAccuracy()));
        }
        return s.toString();
    }

    private static ComputationGraph load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return FashionTraining.load(in);
        }
    }

    /** Cards grouped by architecture, in order. */
    static Map<String, List<Card>> byArchitecture(List<Card> cards) {
        Map<String, List<Card>> map = new LinkedHashMap<>();
        for (Card c : cards) map.computeIfAbsent(c.architecture(), k -> new ArrayList<>()).add(c);
        return map;
    }
}
