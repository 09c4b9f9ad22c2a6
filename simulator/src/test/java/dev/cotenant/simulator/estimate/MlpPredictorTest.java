package dev.cotenant.simulator.estimate;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpPredictorTest {
    static final List<String> MODELS = List.of("m1", "m2");
    static final int N = PredictorFeatures.DENSE.size() + 2;

    static MlpPredictor random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] mean = new double[N], std = new double[N];
        for (int i = 0; i < N; i++) { mean[i] = r.nextDouble(-1, 1); std[i] = r.nextDouble(0.1, 2); }
        double[] w1 = r.doubles(N * 4, -1, 1).toArray(), b1 = r.doubles(4, -1, 1).toArray();
        double[] w2 = r.doubles(4, -1, 1).toArray(), b2 = {0.3};
        return new MlpPredictor(MODELS, mean, std, List.of(
                new MlpPredictor.Dense(N, 4, w1, b1, MlpPredictor.Activation.TANH),
                new MlpPredictor.Dense(4, 1, w2, b2, MlpPredictor.Activation.IDENTITY)), 0.5, 2.0);
    }

    /** out = relu(x0 - 1) * 2 + relu(1 - x0) * -3 + 0.5, worked by hand at x0 = 3 and x0 = 0. */
    @Test
    void forwardPassMatchesAHandWorkedNetwork() {
        double[] zero = new double[N], one = new double[N];
        Arrays.fill(one, 1);
        double[] w1 = new double[2 * N];
        w1[0] = 1;
        w1[N] = -1;
        MlpPredictor p = new MlpPredictor(MODELS, zero, one, List.of(
                new MlpPredictor.Dense(N, 2, w1, new double[] {-1, 1}, MlpPredictor.Activation.RELU),
                new MlpPredictor.Dense(2, 1, new double[] {2, -3}, new double[] {0.5}, MlpPredictor.Activation.IDENTITY)), -10, 3);
        double[] x = new double[N];
        x[0] = 3;
        assertEquals(2 * 2 + 0.5, p.predictRaw(x), 0);
        x[0] = 0;
        assertEquals(-3 + 0.5, p.predictRaw(x), 0);
        x[0] = 10;
        assertEquals(18.5, p.predictRaw(x), 0);
        assertEquals(3, p.predict(x), 0, "clamped to the output range");
    }

    @Test
    void textRoundTripIsExact(@TempDir Path dir) throws Exception {
        MlpPredictor p = random(7);
        Path file = dir.resolve("predictor.txt");
        p.write(file);
        MlpPredictor q = MlpPredictor.read(file);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            double[] x = r.doubles(N, -3, 3).toArray();
            assertEquals(p.predictRaw(x), q.predictRaw(x), 0);
        }
        assertEquals(p.toText(), q.toText());
    }

    @Test
    void missingTruncatedOrForeignFilesAreBadInput(@TempDir Path dir) throws Exception {
        assertThrows(BadInputException.class, () -> MlpPredictor.read(dir.resolve("none.txt")));
        String text = random(3).toText();
        Path truncated = dir.resolve("t.txt");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        assertThrows(BadInputException.class, () -> MlpPredictor.read(truncated));
        Path zip = dir.resolve("z.txt");
        Files.write(zip, new byte[] {0x50, 0x4b, 3, 4});
        assertThrows(BadInputException.class, () -> MlpPredictor.read(zip));
        Path foreign = dir.resolve("f.txt");
        Files.writeString(foreign, text.replace("gamma_last_n", "gamma_last_five"));
        BadInputException e = assertThrows(BadInputException.class, () -> MlpPredictor.read(foreign));
        assertTrue(e.getMessage().contains("trained for other features"), e.getMessage());
        Path badNumber = dir.resolve("n.txt");
        Files.writeString(badNumber, text.replaceFirst("\nstd ", "\nstd x"));
        assertThrows(BadInputException.class, () -> MlpPredictor.read(badNumber));
    }
}
