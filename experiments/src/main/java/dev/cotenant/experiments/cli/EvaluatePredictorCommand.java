package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.models.DownstreamEvaluation;
import dev.cotenant.models.EstimatorErrors;
import dev.cotenant.models.PredictorDataset;
import dev.cotenant.models.SampleSplit;
import dev.cotenant.models.TrainedPredictor;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.workload.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate-predictor", mixinStandardHelpOptions = true,
        description = "Errors of the learned predictor and the analytical estimators on the held-out test samples "
                + "(EVAL/errors.csv, EVAL/errors_by_decile.csv), and violation rate / ANTT of dysta-learned vs dysta vs "
                + "dysta-oracle on traces of test samples only (EVAL/downstream.csv).")
public final class EvaluatePredictorCommand implements Callable<Integer> {
    @Mixin PredictorDataSettings data;

    @Option(names = "--model", required = true, paramLabel = "ZIP", description = "predictor.zip written by train-predictor.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "EVAL", description = "Result folder (replaced atomically on success).")
    Path out;

    @Option(names = "--traces", defaultValue = "5", paramLabel = "N", description = "Held-out traces (default: ${DEFAULT-VALUE}).")
    int traces;

    @Option(names = "--requests", defaultValue = "1000", paramLabel = "N", description = "Requests per trace (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--slo-mult", paramLabel = "M", description = "Target latency multiple (default: the scenario's tightest, else 2).")
    Double sloMultiplier;

    @Option(names = "--load", paramLabel = "SHARE", description = "Offered load (default: the scenario's, else 0.8).")
    Double offeredLoad;

    @Mixin ForceOption force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        try (ResultFolder folder = ResultFolder.claim(out, "evaluate-predictor", force.force, data.inputs(model))) {
            return run(manifest, folder);
        }
    }

    private Integer run(RunManifest manifest, ResultFolder folder) throws Exception {
        if (traces < 1 || requests < 1) throw BadInputException.at("--traces/--requests", "must be >= 1");
        TrainedPredictor trained = TrainedPredictor.load(model);
        LatencyDirectory directory = data.load();
        @SuppressWarnings("unchecked")
        Map<String, Object> trainedOn = (Map<String, Object>) trained.card().get("data");
        // The test samples are only held out if this is the directory the model was split from.
        String fingerprint = SampleSplit.fingerprint(directory);
        if (!fingerprint.equals(trainedOn.get("fingerprint_sha256"))) {
            throw BadInputException.at(model.toString(), "was trained on other data (" + trainedOn.get("source") + trainedOn.get("latency_dir")
                    + "); give the same --scenario/--samples or --latency-dir so its test samples can be found");
        }
        long splitSeed = ((Number) trainedOn.get("split_seed")).longValue();
        PredictorDataset dataset = new PredictorDataset(new SampleSplit(directory, splitSeed));
        MlpPredictor exported = trained.export();
        List<EstimatorErrors.Row> errors = EstimatorErrors.evaluate(dataset.test(), dataset.modelNames(), exported);

        Scenario scenario = data.scenario();
        double slo = sloMultiplier != null ? sloMultiplier : scenario != null ? scenario.sloMultiplierMin() : 2;
        double load = offeredLoad != null ? offeredLoad : scenario != null ? scenario.offeredLoad() : 0.8;
        DownstreamEvaluation.Settings settings = new DownstreamEvaluation.Settings(traces, requests, load, slo, 11);
        List<DownstreamEvaluation.Row> downstream = DownstreamEvaluation.run(dataset, new LearnedGamma(exported, model.toString()),
                settings, Math.max(1, Runtime.getRuntime().availableProcessors()));
        { // the claimed folder: files are staged until the commit
            try (var w = Files.newBufferedWriter(folder.file("errors.csv"))) { EstimatorErrors.writeErrors(errors, w); }
            try (var w = Files.newBufferedWriter(folder.file("errors_by_decile.csv"))) { EstimatorErrors.writeDeciles(errors, w); }
            try (var w = Files.newBufferedWriter(folder.file("downstream.csv"))) { DownstreamEvaluation.write(downstream, w); }
            manifest.put("model", model.toString()).put("data", data.provenance()).put("split_seed", splitSeed)
                    .put("downstream", settings).write(folder.file("run.json"));
            folder.commit();
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("estimator           rmse      mape%   (test samples, all models)");
        for (String e : EstimatorErrors.ESTIMATORS) {
            EstimatorErrors.Row r = EstimatorErrors.find(errors, e, EstimatorErrors.ALL);
            stdout.printf(java.util.Locale.ROOT, "%-18s %.5f  %7.3f%n", e, r.rmse(), r.mapePercent());
        }
        for (DownstreamEvaluation.Row r : downstream) {
            stdout.printf(java.util.Locale.ROOT, "%-14s violation %.4f  antt %.4f%n", r.scheduler(), r.violationRate(), r.antt());
        }
        stdout.println("wrote " + out.toAbsolutePath().normalize());
        return 0;
    }
}
