package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.models.NativeThreads;
import dev.cotenant.models.data.FashionMnist;
import dev.cotenant.models.measured.MeasuredFashionDirectories;
import dev.cotenant.models.measured.MeasuredSparsity;
import dev.cotenant.simulator.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "measure-sparsity", mixinStandardHelpOptions = true,
        description = {"Train the toy digitscnn (DL4J) on the shipped UCI digits and write a latency table of its MEASURED activation sparsity.",
                "With --fmnist: run the four committed Fashion-MNIST networks (dense and pruned) over the test images and write the "
                        + "latency directories measured-fmnist-dense and measured-fmnist-pruned, and measured-fmnist.md (statistics)."})
public final class MeasureSparsityCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for digitscnn_measured.csv and its provenance note.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Split, initialisation and shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "15", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--fmnist", description = "Measure the committed Fashion-MNIST networks instead (no training; needs Debian's dataset-fashion-mnist).")
    boolean fmnist;

    @Option(names = "--images", defaultValue = "10000", paramLabel = "N",
            description = "With --fmnist: the first N of the 10,000 test images (default: ${DEFAULT-VALUE}; one network variant takes 10-60 s per 1,000 on a busy 2-core machine).")
    int images;

    @picocli.CommandLine.Mixin ForceOption force;

    @Option(names = "--threads", defaultValue = "" + NativeThreads.DEFAULT, paramLabel = "N",
            description = "Native threads for training (ND4J and OpenBLAS; set here, so OMP_NUM_THREADS is not needed). "
                    + "The default ${DEFAULT-VALUE} is the fastest on a small machine.")
    int threads;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw BadInputException.at("--epochs", "must be >= 1, got " + epochs);
        if (threads < 1) throw BadInputException.at("--threads", "must be >= 1, got " + threads);
        if (fmnist) return fashion();
        try (ResultFolder folder = ResultFolder.claim(out, "measure-sparsity", force.force)) {
            NativeThreads.use(threads);
            java.io.PrintWriter err = spec.commandLine().getErr();
            err.println("measure-sparsity: training digitscnn for " + epochs + " epochs (about 3 s each on 2 cores), then measuring 599 held-out images");
            err.flush();
            long start = System.nanoTime();
            MeasuredSparsity.Result result = MeasuredSparsity.measure(seed, epochs, (done, total) -> {
                double elapsed = (System.nanoTime() - start) / 1e9;
                err.printf(java.util.Locale.ROOT, "measure-sparsity: epoch %d/%d, elapsed %.0f s, ETA %.0f s%n", done, total, elapsed,
                        elapsed / done * (total - done));
                err.flush();
            });
            MeasuredSparsity.write(result, folder.file("."));
            folder.commit();
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(Files.readString(out.resolve(MeasuredSparsity.MODEL_NAME + ".txt")));
        stdout.println("wrote " + out.resolve(MeasuredSparsity.MODEL_NAME + ".csv"));
        return 0;
    }

    private int fashion() throws Exception {
        if (images < 1 || images > FashionMnist.TEST_COUNT) throw BadInputException.at("--images", "must be in 1.." + FashionMnist.TEST_COUNT + ", got " + images);
        FashionMnist.Split test = FashionMnist.test().first(images); // bad or missing data fails here, before the folder is claimed
        try (ResultFolder folder = ResultFolder.claim(out, "measure-sparsity", force.force)) {
            NativeThreads.use(threads);
            java.io.PrintWriter err = spec.commandLine().getErr();
            MeasuredFashionDirectories.write(test, folder.file("."), (model, seconds) -> {
                err.printf(java.util.Locale.ROOT, "measure-sparsity: %s measured on %d images in %.0f s%n", model, images, seconds);
                err.flush();
            });
            folder.commit();
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(Files.readString(out.resolve(MeasuredFashionDirectories.REPORT)));
        stdout.println("wrote " + out.resolve(MeasuredFashionDirectories.DENSE) + " and " + out.resolve(MeasuredFashionDirectories.PRUNED));
        return 0;
    }
}
