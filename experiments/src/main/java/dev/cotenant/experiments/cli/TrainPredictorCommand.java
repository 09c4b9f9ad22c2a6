package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.models.NativeThreads;
import dev.cotenant.models.PredictorTrainer;
import dev.cotenant.models.PredictorTraining;
import dev.cotenant.models.TrainedPredictor;
import dev.cotenant.simulator.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

@Command(name = "train-predictor", mixinStandardHelpOptions = true,
        description = "Train the learned remaining-latency predictor (DL4J MLP); write OUT/predictor.zip, OUT/model-card.json, "
                + "OUT/predictor.txt (plain-array export for --predictor) and OUT/run.json. Progress per epoch on stderr.")
public final class TrainPredictorCommand extends FolderCommand {
    @Mixin PredictorDataSettings data;

    @Option(names = "--split-seed", defaultValue = "" + PredictorTraining.DEFAULT_SPLIT_SEED, paramLabel = "S",
            description = "Seed of the train/validation/test split by sample (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialisation and shuffling (default 42).")
    Long seed;

    @Option(names = "--max-epochs", paramLabel = "N", description = "Upper bound on epochs; early stopping usually ends sooner (default 60).")
    Integer maxEpochs;

    @Option(names = "--threads", defaultValue = "" + NativeThreads.DEFAULT, paramLabel = "N",
            description = "Native threads for training (ND4J and OpenBLAS; set here, so OMP_NUM_THREADS is not needed). "
                    + "The default ${DEFAULT-VALUE} is the fastest per CPU second for this small network.")
    int threads;

    /** A metric value as a person reads it: numbers to 4 significant digits, a nested map as "key value, ...". */
    static String readable(Object value) {
        if (value instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            m.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(readable(v)));
            return b.toString();
        }
        if (value instanceof Double d) return String.format(java.util.Locale.ROOT, "%.4g", d);
        return String.valueOf(value);
    }

    @Override
    String kind() { return "train-predictor"; }

    @Override
    Path[] inputs() { return data.inputs(); }

    @Override
    Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        PredictorTrainer.Config config = PredictorTrainer.Config.DEFAULT;
        if (seed != null) config = config.withSeed(seed);
        if (maxEpochs != null) {
            if (maxEpochs < 1) throw BadInputException.at("--max-epochs", "must be >= 1, got " + maxEpochs);
            config = config.withMaxEpochs(maxEpochs);
        }
        if (threads < 1) throw BadInputException.at("--threads", "must be >= 1, got " + threads);
        NativeThreads.use(threads);
        Map<String, Object> provenance = data.provenance();
        java.io.PrintWriter err = spec.commandLine().getErr();
        TrainedPredictor trained = PredictorTraining.train(data.load(), provenance, splitSeed, config,
                e -> err.printf(java.util.Locale.ROOT, "epoch %3d  train mse %.6f  validation mse %.6f%s%n",
                        e.epoch(), e.trainLoss(), e.validationLoss(), e.best() ? "  (best)" : ""));
        { // the claimed folder: files are staged until the commit
            trained.save(folder.file("predictor.zip"));
            trained.export().write(folder.file("predictor.txt"));
            manifest.put("data", provenance).put("metrics", trained.card().get("metrics")).write(folder.file("run.json"));
            folder.commit();
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        if (trained.card().get("metrics") instanceof Map<?, ?> metrics) {
            stdout.println("test-sample metrics:");
            metrics.forEach((name, value) -> stdout.printf(java.util.Locale.ROOT, "  %-20s %s%n", name, readable(value)));
        }
        stdout.println("wrote " + out.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }
}
