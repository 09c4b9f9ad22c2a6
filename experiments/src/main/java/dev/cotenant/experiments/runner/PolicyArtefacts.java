package dev.cotenant.experiments.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.models.PredictorTrainer;
import dev.cotenant.models.PredictorTraining;
import dev.cotenant.models.TrainedPredictor;
import dev.cotenant.search.tune.Checkpoint;
import dev.cotenant.search.tune.Objective;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.search.tune.TraceDistribution;
import dev.cotenant.simulator.setting.TracePoint;
import dev.cotenant.search.tune.Tuner;
import dev.cotenant.search.tune.TuningOutputs;
import dev.cotenant.search.tune.TuningSettings;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The work an experiment does once, before its sweep: tuning a {@code tuned:} entry ({@link Tuner},
 * as {@code cotenant tune}) and training a {@code predictor:} entry's network ({@link PredictorTraining},
 * as {@code cotenant train-predictor}). Each artefact is cached in the result folder under
 * {@value #FOLDER}/, so a resumed run reads it instead of redoing the work, and its SHA-256 goes into
 * the manifest: the artefact is an input of every point, and a resume whose artefact differs from the
 * one the stored rows were computed with is refused.
 */
public final class PolicyArtefacts {
    public static final String FOLDER = "artefacts";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS); // same input, same bytes (Map.of iterates in a per-JVM order)

    /**
     * @param file    the artefact, relative to the result folder
     * @param how     {@code tuned}, {@code resumed tuning}, {@code trained}, {@code cached} or {@code loaded}
     * @param details what the manifest should say besides (parameters, held-out gain, training metrics)
     */
    public record Artefact(String kind, String file, String sha256, String how, Map<String, Object> details) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("file", file);
            m.put("sha256", sha256);
            m.put("how", how);
            m.putAll(details);
            return m;
        }
    }

    /** The spec with every entry runnable, and the artefact behind each tuned or learned label. */
    public record Resolved(ExperimentSpec spec, Map<String, Artefact> artefacts) {}

    private PolicyArtefacts() {}

    /** SHA-256 of the artefacts already cached in {@code folder} (or named by the spec), by label; nothing is made. */
    public static Map<String, String> cachedHashes(ExperimentSpec spec, Path folder) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (PolicySpec p : spec.policies()) {
            Path file = null;
            if (p.tuned() != null) file = folder.resolve(FOLDER).resolve(p.label()).resolve(TuningOutputs.BEST);
            if (p.learned() != null) {
                file = p.learned().model() != null ? Path.of(p.learned().model())
                        : folder.resolve(FOLDER).resolve(predictorKey(p.learned())).resolve("predictor.txt");
            }
            if (file != null && Files.isRegularFile(file)) hashes.put(p.label(), sha256(file));
        }
        return hashes;
    }

    /** True if nothing needs resolving. */
    public static boolean none(ExperimentSpec spec) { return spec.policies().stream().noneMatch(PolicySpec::needsArtefact); }

    public static Resolved resolve(ExperimentSpec spec, ExperimentWorkload workload, Path folder, int threads, PrintStream log)
            throws IOException {
        Map<String, Artefact> artefacts = new LinkedHashMap<>();
        Map<String, Training> predictors = new LinkedHashMap<>(); // one training per distinct predictor setting
        List<PolicySpec> resolved = new ArrayList<>();
        for (PolicySpec p : spec.policies()) {
            if (p.tuned() != null) {
                Tuning t = tune(spec, p, workload, folder, threads, log);
                artefacts.put(p.label(), t.artefact);
                resolved.add(p.resolved(t.policy));
            } else if (p.learned() != null) {
                PolicySpec.Learned l = p.learned();
                String key = predictorKey(l);
                if (!predictors.containsKey(key)) predictors.put(key, predictor(spec, l, key, workload, folder, log));
                Training t = predictors.get(key);
                artefacts.put(p.label(), t.artefact);
                resolved.add(p.resolved(Policy.published(l.scheduler()).withPredictor(t.gamma)));
            } else {
                resolved.add(p);
            }
        }
        ExperimentSpec out = new ExperimentSpec(spec.name(), spec.title(), spec.paper(), spec.description(), spec.workload(), spec.kernel(),
                resolved, spec.sweep(), spec.metrics());
        return new Resolved(out, artefacts);
    }

    /**
     * Refuses, before anything is written, tuned entries whose tuner would draw a training or
     * validation trace with a sweep seed (the row would then be measured on a training trace).
     */
    public static void check(ExperimentSpec spec, ExperimentWorkload workload) {
        for (PolicySpec p : spec.policies()) if (p.tuned() != null) tuner(spec, p, workload, 1);
    }

    /** The tuner of a tuned entry (its trace ranges default to the sweep's), after the seed check of {@link #check}. */
    private static Tuner tuner(ExperimentSpec spec, PolicySpec p, ExperimentWorkload workload, int threads) {
        PolicySpec.Tuned t = p.tuned();
        List<SweepPoint> points = workload.points();
        // the sweep's range in the setting's own load unit (arrivals per second; offered load for a periodic scenario)
        double rateLo = Double.isNaN(t.rateLowPerSecond()) ? points.stream().mapToDouble(q -> workload.tracePoint(q).load()).min().orElseThrow()
                : t.rateLowPerSecond();
        double rateHi = Double.isNaN(t.rateHighPerSecond()) ? points.stream().mapToDouble(q -> workload.tracePoint(q).load()).max().orElseThrow()
                : t.rateHighPerSecond();
        // periodic points have no SLO multiplier (NaN): their tuner's traces take deadlines from the frames and read none (1)
        double sloLo = Double.isNaN(t.sloLow()) ? points.stream().mapToDouble(SweepPoint::sloMultiplierMin).filter(v -> !Double.isNaN(v)).min().orElse(1)
                : t.sloLow();
        double sloHi = Double.isNaN(t.sloHigh()) ? points.stream().mapToDouble(SweepPoint::sloMultiplierMax).filter(v -> !Double.isNaN(v)).max().orElse(1)
                : t.sloHigh();
        TuningSettings settings = new TuningSettings(t.scheduler(), Map.of(), new TraceDistribution(rateLo, rateHi, sloLo, sloHi, t.requests()),
                t.trainTraces(), t.validationTraces(), Objective.parse(t.objective()), t.population(), t.generations(), t.seed(), 0, 0, 0,
                threads);
        TimeMultiplexedSetting backend = (TimeMultiplexedSetting) workload.setting();
        Tuner tuner = new Tuner(backend, settings);
        // The tuner's traces are drawn from its own seed; a generator seed equal to a sweep seed would measure on a training trace.
        List<TracePoint> tunerTraces = new ArrayList<>(tuner.trainingTraces());
        tunerTraces.addAll(tuner.validationTraces());
        for (TracePoint ts : tunerTraces) {
            if (spec.sweep().seeds().contains(ts.seed())) {
                throw BadInputException.at("policies." + p.label() + ".tuned.seed", "the tuner's traces would use generator seed " + ts.seed()
                        + ", a sweep seed; pick another tuned.seed");
            }
        }
        return tuner;
    }

    private record Tuning(Policy policy, Artefact artefact) {}

    private static Tuning tune(ExperimentSpec spec, PolicySpec p, ExperimentWorkload workload, Path folder, int threads, PrintStream log)
            throws IOException {
        PolicySpec.Tuned t = p.tuned();
        String relative = FOLDER + "/" + p.label();
        Path dir = folder.resolve(relative);
        Path best = dir.resolve(TuningOutputs.BEST);
        String how;
        if (Files.exists(best)) {
            how = "cached";
        } else {
            Tuner tuner = tuner(spec, p, workload, threads);
            TraceDistribution d = tuner.settings().traces();
            double rateLo = d.rateLowPerSecond(), rateHi = d.rateHighPerSecond(), sloLo = d.sloMultiplierLow(), sloHi = d.sloMultiplierHigh();
            boolean resume = Files.exists(dir.resolve(Checkpoint.FILE_NAME));
            how = resume ? "resumed tuning" : "tuned";
            // a periodic scenario's tuner draws offered loads, and its deadlines come from the frames
            boolean periodic = ((TimeMultiplexedSetting) workload.setting()).isPeriodic();
            log.printf(Locale.ROOT, "%s: tuning %s (%d generations x %d, %d training traces of %d requests, %s %.4g-%.4g%s, %s, seed %d)%s%n",
                    p.label(), t.scheduler(), t.generations(), t.population(), t.trainTraces(), t.requests(), periodic ? "offered loads" : "rates",
                    rateLo, rateHi, periodic ? "" : "/s", periodic ? "periodic frames" : String.format(Locale.ROOT, "SLO x%.3g-%.3g", sloLo, sloHi),
                    t.seed(), resume ? ", resuming its checkpoint" : "");
            tuner.run(dir, resume, (row, perSecond, dims) -> log.printf(Locale.ROOT, "%s: generation %d/%d best %.6g%n", p.label(),
                    row.generation(), t.generations(), row.best()[0]));
        }
        Policy policy = SpecReader.bestJson(best);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parameters", parameters(policy));
        var tree = JSON.readTree(best.toFile());
        if (tree.has("result")) details.put("result", tree.get("result"));
        return new Tuning(policy, new Artefact("tuned", relative + "/" + TuningOutputs.BEST, sha256(best), how, details));
    }

    private record Training(LearnedGamma gamma, Artefact artefact) {}

    private static Training predictor(ExperimentSpec spec, PolicySpec.Learned l, String key, ExperimentWorkload workload, Path folder,
                                      PrintStream log) throws IOException {
        if (l.model() != null) {
            Path model = Path.of(l.model());
            return new Training(dev.cotenant.experiments.spec.PolicySources.predictor(model), new Artefact("predictor", model.toString(), sha256(model), "loaded", Map.of()));
        }
        String relative = FOLDER + "/" + key;
        Path dir = folder.resolve(relative);
        Path file = dir.resolve("predictor.txt");
        String how = "cached";
        if (!Files.exists(file)) {
            how = "trained";
            Map<String, Object> provenance = new LinkedHashMap<>();
            LatencyDirectory directory;
            if (spec.workload().source() == ExperimentSpec.Source.SCENARIO) {
                // Its own samples, generated as 'cotenant train-predictor --scenario' does: the split keeps test samples apart.
                directory = Scenarios.latencyDirectoryWithSanger(Scenarios.byName(spec.workload().sourceName()), l.samples());
                provenance.put("scenario", spec.workload().sourceName());
                provenance.put("samples_per_model", l.samples());
                provenance.put("synthetic", true);
            } else {
                directory = workload.directory();
                provenance.put("latency_tables", spec.workload().sourceName());
            }
            log.printf(Locale.ROOT, "%s: training the predictor (%s, at most %d epochs)%n", key, provenance, l.maxEpochs());
            PredictorTrainer.Config config = PredictorTrainer.Config.DEFAULT.withSeed(l.seed()).withMaxEpochs(l.maxEpochs());
            TrainedPredictor trained = PredictorTraining.train(directory, provenance, l.splitSeed(), config,
                    e -> log.printf(Locale.ROOT, "%s: epoch %3d  train mse %.6f  validation mse %.6f%s%n", key, e.epoch(), e.trainLoss(),
                            e.validationLoss(), e.best() ? "  (best)" : ""));
            Files.createDirectories(dir.getParent());
            try (ResultFolder out = ResultFolder.part(dir, "predictor")) {
                trained.export().write(out.file("predictor.txt"));
                JSON.writeValue(out.file("model-card.json").toFile(), trained.card());
                out.commit();
            }
        }
        // Always the file read back, on the first run as on a resume, so both measure the same predictor.
        LearnedGamma gamma = new LearnedGamma(MlpPredictor.read(file), relative + "/predictor.txt");
        Map<String, Object> details = new LinkedHashMap<>();
        Path card = dir.resolve("model-card.json");
        if (Files.exists(card)) {
            var tree = JSON.readTree(card.toFile());
            if (tree.has("metrics")) details.put("test_metrics", tree.get("metrics"));
        }
        return new Training(gamma, new Artefact("predictor", relative + "/predictor.txt", sha256(file), how, details));
    }

    /** Entries with equal training settings share one predictor, whatever scheduler reads it. */
    static String predictorKey(PolicySpec.Learned l) {
        String settings = String.format(Locale.ROOT, "%s|%d|%d|%d|%d", l.model(), l.samples(), l.splitSeed(), l.seed(), l.maxEpochs());
        return "predictor-" + HexFormat.of().formatHex(digest(settings.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    }

    private static Map<String, Double> parameters(Policy policy) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] v = policy.parameters();
        for (int i = 0; i < v.length; i++) m.put(policy.space().get(i).name(), v[i]);
        return m;
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
