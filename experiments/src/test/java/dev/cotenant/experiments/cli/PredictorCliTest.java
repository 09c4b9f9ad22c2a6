package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train-predictor -> evaluate-predictor -> simulate --predictor, and exit 2 on bad models and data. */
class PredictorCliTest {
    @TempDir Path dir;

    @Test
    void trainEvaluateAndSimulateWithTheLearnedScheduler() throws Exception {
        Path trained = dir.resolve("trained");
        String[] data = {"--scenario", "dysta-datacentre-assistant", "--samples", "15"};
        CliTest.Result tr = CliTest.cotenant(concat(new String[] {"train-predictor", "--out", trained.toString(), "--max-epochs", "3"}, data));
        assertEquals(0, tr.status(), tr.err());
        assertTrue(tr.err().contains("epoch   1  train mse"), tr.err());
        for (String f : List.of("predictor.zip", "predictor.txt", "model-card.json", "run.json")) assertTrue(Files.exists(trained.resolve(f)), f);

        Path eval = dir.resolve("eval");
        CliTest.Result e = CliTest.cotenant(concat(new String[] {"evaluate-predictor", "--model", trained.resolve("predictor.zip").toString(),
                "--out", eval.toString(), "--traces", "2", "--requests", "100"}, data));
        assertEquals(0, e.status(), e.err());
        List<String> errors = Files.readAllLines(eval.resolve("errors.csv"));
        assertEquals("estimator,model,rmse,mape", errors.get(0));
        // 6 estimators x (3 models + all)
        assertEquals(1 + 6 * 4, errors.size());
        assertTrue(errors.stream().anyMatch(l -> l.startsWith("learned,all,")));
        assertTrue(errors.stream().anyMatch(l -> l.startsWith("dysta-rate,bert,")));
        assertTrue(Files.readString(eval.resolve("downstream.csv")).contains("dysta-learned,"));

        Path sim = dir.resolve("sim");
        CliTest.Result s = CliTest.cotenant("simulate", "--latency-dir", "x", "--help");
        assertEquals(0, s.status());
        // Simulating needs a directory with the predictor's models: write the scenario's tables out
        // (in the CNN layout, the only one LatencyCsv writes; names and numbers are unchanged).
        Path latency = Files.createDirectory(dir.resolve("latency"));
        for (LatencyTable t : new PredictorDataSettingsProbe(data).load().tables()) {
            double[] lat = new double[t.sampleCount() * t.layerCount()], sp = new double[lat.length];
            for (int b = 0; b < t.sampleCount(); b++) for (int l = 0; l < t.layerCount(); l++) {
                lat[b * t.layerCount() + l] = t.latencySeconds(b, l);
                sp[b * t.layerCount() + l] = t.sparsity(b, l);
            }
            LatencyCsv.write(new LatencyTable(t.modelName(), LatencyTable.Layout.EYERISS_V2, t.sampleCount(), t.layerCount(), lat, sp),
                    latency.resolve(t.modelName() + ".csv"));
        }
        CliTest.Result r = CliTest.cotenant("simulate", "--latency-dir", latency.toString(), "--requests", "50", "--rate", "100",
                "--schedulers", "dysta,dysta-learned", "--predictor", trained.resolve("predictor.txt").toString(), "--out", sim.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(sim.resolve("metrics.csv")).contains("dysta-learned"));

        CliTest.Result missing = CliTest.cotenant("simulate", "--schedulers", "dysta-learned", "--out", dir.resolve("x").toString());
        assertEquals(CotenantCli.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("needs a trained predictor"), missing.err());
    }

    @Test
    void badModelsAndSmallDirectoriesExitWithStatus2() throws Exception {
        Path corrupt = dir.resolve("predictor.zip");
        Files.writeString(corrupt, "not a zip");
        CliTest.Result c = CliTest.cotenant("evaluate-predictor", "--model", corrupt.toString(), "--scenario", "dysta-datacentre-assistant",
                "--samples", "12", "--out", dir.resolve("e").toString());
        assertEquals(CotenantCli.BAD_INPUT, c.status(), c.err());
        assertTrue(c.err().contains("not a readable predictor model"), c.err());
        CliTest.Result m = CliTest.cotenant("evaluate-predictor", "--model", dir.resolve("none.zip").toString(), "--scenario",
                "dysta-datacentre-assistant", "--out", dir.resolve("e").toString());
        assertEquals(CotenantCli.BAD_INPUT, m.status());
        Path foreign = dir.resolve("foreign.txt");
        Files.writeString(foreign, "cotenant-mlp 1\nfeatures 1\nsomething\nmodels 0\n");
        CliTest.Result f = CliTest.cotenant("simulate", "--schedulers", "dysta-learned", "--predictor", foreign.toString(), "--out", dir.resolve("s").toString());
        assertEquals(CotenantCli.BAD_INPUT, f.status());
        assertTrue(f.err().contains("trained for other features"), f.err());

        Path small = Files.createDirectory(dir.resolve("small"));
        LatencyCsv.write(new LatencyTable("alpha", LatencyTable.Layout.EYERISS_V2, 2, 2, new double[] {1, 2, 3, 4}, new double[] {0.1, 0.2, 0.3, 0.4}),
                small.resolve("alpha.csv"));
        CliTest.Result s = CliTest.cotenant("train-predictor", "--latency-dir", small.toString(), "--out", dir.resolve("t").toString());
        assertEquals(CotenantCli.BAD_INPUT, s.status());
        assertTrue(s.err().contains("at least 10"), s.err());
        assertFalse(Files.exists(dir.resolve("t")), "nothing written on failure");
    }

    /** The data settings as the commands parse them, to reuse the scenario generator in the test. */
    static final class PredictorDataSettingsProbe {
        final PredictorDataSettings settings = new PredictorDataSettings();

        PredictorDataSettingsProbe(String[] args) {
            new picocli.CommandLine(new Object() {
                @picocli.CommandLine.Mixin PredictorDataSettings s = settings;
            }).parseArgs(args);
        }

        dev.cotenant.simulator.latency.LatencyDirectory load() { return settings.load(); }
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
