package dev.cotenant.models.measured;

import dev.cotenant.models.NativeThreads;
import dev.cotenant.models.data.FashionMnist;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the dense Fashion-MNIST networks whose weights are committed, one file per architecture.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -q -o -pl models -am install -DskipTests}):
 * {@code java -cp "$(cat models/target/cp.txt):models/target/classes" dev.cotenant.models.measured.TrainFashionNetworks OUT_DIR [ARCH ...] [--batches N]}
 * ({@code --batches} caps the steps, for timing only).
 */
public final class TrainFashionNetworks {
    public static final long SEED = 20261201L;

    private TrainFashionNetworks() {}

    public static void main(String[] args) {
        NativeThreads.use(1);
        Path out = Path.of(args[0]);
        Integer maxBatches = null;
        java.util.List<FashionArchitecture> which = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--batches")) maxBatches = Integer.parseInt(args[++i]);
            else which.add(FashionArchitecture.byName(args[i]));
        }
        if (which.isEmpty()) which.addAll(java.util.List.of(FashionArchitecture.values()));
        FashionMnist.Split train = FashionMnist.train();
        FashionMnist.Split test = FashionMnist.test();
        for (FashionArchitecture a : which) {
            long start = System.nanoTime();
            ComputationGraph net = FashionTraining.newNetwork(a, SEED);
            int batches = maxBatches == null ? a.trainingBatches() : maxBatches;
            FashionTraining.fit(net, train, 1, batches, SEED, () -> {}, (done, total) -> {
                double s = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "%s: batch %d/%d, %.0f s, %.1f ms/batch%n", a.modelName(), done, total, s, s * 1e3 / done);
            });
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double accuracy = FashionTraining.accuracy(net, test);
            FashionTraining.save(net, out.resolve(a.modelName() + "_dense.zip"));
            System.out.printf(Locale.ROOT, "%s dense: %d params, %d MACs, %d batches of %d, train %.0f s, test accuracy %.4f%n",
                    a.modelName(), net.numParams(), a.macs(), batches, FashionTraining.BATCH_IMAGES, trainSeconds, accuracy);
        }
    }
}
