package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cotenant.models.PredictorTrainer;
import dev.cotenant.models.PredictorTraining;
import dev.cotenant.search.optimal.ExactOrderSolver;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.search.tune.Objective;
import dev.cotenant.search.tune.TraceDistribution;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.LatencyEstimator;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.policy.LayerPlan;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting.KernelContender;
import dev.cotenant.simulator.setting.TracePoint;
import dev.cotenant.simulator.trace.PeriodicStream;
import dev.cotenant.simulator.trace.PeriodicTraceGenerator;
import dev.cotenant.simulator.trace.TraceCsv;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.ModelZoo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The time-multiplexed setting ({@link TimeMultiplexedSetting}) in a spec. Its workload names where
 * the latency tables come from (a {@code scenario}, the {@code builtin} directory, a
 * {@code latency_dir}, or the networks of declared {@code streams}) and its traces: Poisson
 * (generated per point), periodic (a periodic scenario, or {@code streams} declared inline), or
 * trace files ({@code traces}) run as they are. docs/experiments.md and docs/realtime.md document the keys.
 */
public final class TimeMultiplexedSpec implements SpecSetting {
    static final String NAME = TimeMultiplexedSetting.NAME;

    @Override
    public String name() { return NAME; }

    @Override
    public ParameterSpace space(String policy) { return Schedulers.space(policy); }

    @Override
    public Set<Metric> metrics() { return TimeMultiplexedSetting.METRICS; }

    @Override
    public List<Metric> defaultMetrics() { return List.of(Metric.VIOLATION_RATE, Metric.ANTT); }

    @Override
    public ExperimentSpec.WorkloadSpec workload(SpecNode w, Path baseDir) {
        w.allowOnly("setting", "scenario", "builtin", "latency_dir", "samples_per_model", "requests", "sanger_sequence_length", "traces",
                "streams", "drop", "samples_seed");
        int given = (w.has("scenario") ? 1 : 0) + (w.has("builtin") ? 1 : 0) + (w.has("latency_dir") ? 1 : 0);
        if (given > 1 || given == 0 && !w.has("streams")) {
            throw w.error("give exactly one of scenario, builtin, latency_dir (or streams, whose networks' tables are generated)");
        }
        ExperimentSpec.WorkloadSpec tables = tables(w, baseDir);
        if (w.has("streams")) return withStreams(w, tables, baseDir);
        for (String key : List.of("drop", "samples_seed")) if (w.has(key)) throw w.get(key).error("only applies with streams");
        if (!w.has("traces")) return tables;
        // Trace files (one CSV or a folder of them) run as they are over those tables: each is a workload of the sweep.
        if (w.has("requests")) throw w.get("requests").error("a trace file carries its own requests: not with traces");
        if (baseDir == null) throw w.get("traces").error("a built-in experiment cannot name a file");
        List<String> files = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (SpecNode t : w.get("traces").raw().isArray() ? w.get("traces").nonEmptyList() : List.of(w.get("traces"))) {
            for (Path file : SpecReader.atNode(t, () -> TraceCsv.files(baseDir.resolve(t.text()).normalize()))) {
                String problem = PolicySpec.labelProblem(file.getFileName().toString(), labels);
                if (problem != null) throw t.error("trace file name: " + problem);
                files.add(file.toString());
            }
        }
        return new ExperimentSpec.WorkloadSpec(tables.source(), tables.sourceName(), tables.samplesPerModel(), 0, tables.sangerSequenceLength(), files);
    }

    /** Where the latency tables come from: a scenario, the built-in directory, a folder, or (none of them) the streams' networks. */
    private static ExperimentSpec.WorkloadSpec tables(SpecNode w, Path baseDir) {
        int samples = w.integer("samples_per_model", 32, 2);
        int requests = w.integer("requests", 1000, 1);
        if (w.has("requests")) SpecReader.checkFits(w.get("requests"), requests);
        int sequence = w.integer("sanger_sequence_length", SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, 1);
        boolean generated = w.has("scenario") || !w.has("builtin") && !w.has("latency_dir");
        if (w.has("samples_per_model") && !generated) throw w.get("samples_per_model").error("only applies to generated tables (scenario or streams)");
        if (w.has("scenario")) {
            String name = w.get("scenario").text();
            SpecReader.atNode(w.get("scenario"), () -> Scenarios.byName(name));
            if (w.has("streams")) throw w.get("streams").error("a scenario brings its own traces: give scenario or streams, not both");
            return new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.SCENARIO, name, samples, requests, sequence);
        }
        if (w.has("builtin")) {
            String name = w.get("builtin").text();
            if (!name.equals(BuiltinLatencyDirectories.DEMO)) {
                throw w.get("builtin").error("unknown built-in latency directory '" + name + "'; known: " + BuiltinLatencyDirectories.DEMO);
            }
            return new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.BUILTIN, name, samples, requests, sequence);
        }
        if (!w.has("latency_dir")) return new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.STREAMS, "", samples, requests, sequence);
        if (baseDir == null) throw w.get("latency_dir").error("a built-in experiment cannot name a latency directory");
        Path dir = baseDir.resolve(w.get("latency_dir").text()).normalize();
        if (!Files.isDirectory(dir)) throw w.get("latency_dir").error(dir + " is not a directory");
        return new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.LATENCY_DIR, dir.toString(), samples, requests, sequence);
    }

    /**
     * Streams declared inline: one mapping per model with the fields of {@link PeriodicStream}, checked by the
     * rule every periodic workload goes through ({@link PeriodicTraceGenerator#validate}), its error at the stream.
     */
    private static ExperimentSpec.WorkloadSpec withStreams(SpecNode w, ExperimentSpec.WorkloadSpec tables, Path baseDir) {
        if (w.has("traces")) throw w.get("traces").error("trace files carry their own arrivals: give traces or streams, not both");
        boolean zoo = tables.source() == ExperimentSpec.Source.STREAMS;
        if (w.has("samples_seed") && !zoo) throw w.get("samples_seed").error("only applies to tables generated for the streams' networks");
        List<SpecNode> nodes = w.get("streams").nonEmptyList();
        List<PeriodicStream> streams = new ArrayList<>();
        LatencyDirectory given = zoo ? null : SpecReader.atNode(w, () -> directory(tables));
        for (SpecNode s : nodes) {
            streams.add(stream(s));
            if (zoo && !ZOO_MODELS.containsKey(s.get("model").text())) {
                throw s.get("model").error("'" + s.get("model").text() + "' is not a model-zoo table (NETWORK_VARIANT such as ritnet_dense, "
                        + "or an attention network's name); known networks: " + String.join(", ", ModelZoo.names()));
            }
            try { // the one stream rule, on each prefix, so its error lands on the first stream that breaks it
                PeriodicTraceGenerator.validate(streams, zoo ? ZOO_MODELS::containsKey : m -> given.modelId(m) >= 0, "streams");
            } catch (BadInputException e) {
                throw s.error(e.getMessage().replaceFirst("^streams: ", ""));
            }
        }
        DropRule drop = w.has("drop") ? SpecReader.atNode(w.get("drop"), () -> DropRule.byCliName(w.get("drop").text())) : DropRule.NONE;
        // the streams as given: the fingerprint hashes them, and build() reads them back with stream()
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("drop", drop.cliName());
        options.set("streams", w.get("streams").raw().deepCopy());
        if (zoo) options.put("samples_seed", w.has("samples_seed") ? w.get("samples_seed").integer() : 1);
        return new ExperimentSpec.WorkloadSpec(NAME, tables.source(), tables.sourceName(), tables.samplesPerModel(), tables.requests(),
                tables.sangerSequenceLength(), List.of(), options);
    }

    private static PeriodicStream stream(SpecNode s) {
        s.allowOnly("model", "frames_per_second", "phase_s", "jitter_periods", "trigger_probability", "deadline_periods", "depends_on", "priority");
        return new PeriodicStream(s.required("model").text(), s.required("frames_per_second").number(), s.number("phase_s", 0),
                s.number("jitter_periods", 0), s.number("trigger_probability", 1), s.number("deadline_periods", 1),
                s.has("depends_on") ? s.get("depends_on").text() : null, s.number("priority", 1));
    }

    /** The declared streams of a workload (empty without). */
    private static List<PeriodicStream> streams(ExperimentSpec.WorkloadSpec w) {
        return w.options().has("streams") ? new SpecNode("", "", w.options().get("streams")).nonEmptyList().stream().map(TimeMultiplexedSpec::stream).toList()
                : List.of();
    }

    /** The tables the model zoo can generate, by model name: {@code NETWORK_VARIANT} of a CNN, an attention network's own name. */
    private static final Map<String, Map.Entry<String, PruningVariant>> ZOO_MODELS = new LinkedHashMap<>();

    static {
        for (String n : ModelZoo.names()) {
            if (!ModelZoo.byName(n).attentionScoreLayers().isEmpty()) ZOO_MODELS.put(n, Map.entry(n, PruningVariant.DENSE));
            else for (PruningVariant v : PruningVariant.sparseDystaVariants()) ZOO_MODELS.put(n + "_" + v.name(), Map.entry(n, v));
        }
    }

    /** The named scenario, or for declared streams with generated tables one made of them (the runner's and the registry's one rule). */
    private static Scenario scenario(ExperimentSpec.WorkloadSpec w) {
        if (w.source() == ExperimentSpec.Source.SCENARIO) return Scenarios.byName(w.sourceName());
        if (w.source() != ExperimentSpec.Source.STREAMS) return null;
        List<String> networks = new ArrayList<>();
        List<PruningVariant> variants = new ArrayList<>();
        for (PeriodicStream s : streams(w)) {
            Map.Entry<String, PruningVariant> nv = ZOO_MODELS.get(s.model());
            if (!networks.contains(nv.getKey())) networks.add(nv.getKey());
            if (!variants.contains(nv.getValue())) variants.add(nv.getValue());
        }
        return new Scenario("streams", "streams declared in the spec", networks, variants, Double.NaN, 1, 1, List.of(1.0),
                w.options().path("samples_seed").asLong(), streams(w), drop(w));
    }

    private static boolean periodic(ExperimentSpec.WorkloadSpec w) {
        return w.options().has("streams") || w.source() == ExperimentSpec.Source.SCENARIO && Scenarios.byName(w.sourceName()).isPeriodic();
    }

    private static DropRule drop(ExperimentSpec.WorkloadSpec w) {
        return w.options().has("drop") ? DropRule.byCliName(w.options().get("drop").asText()) : scenario(w).drop();
    }

    /** The workload column of a periodic workload's rows: the scenario, or {@code streams}. */
    private static String periodicLabel(ExperimentSpec.WorkloadSpec w) {
        return w.source() == ExperimentSpec.Source.SCENARIO ? w.sourceName() : "streams";
    }

    /** How errors name the workload. */
    private static String describe(ExperimentSpec.WorkloadSpec w) {
        return w.source() == ExperimentSpec.Source.SCENARIO ? "scenario " + w.sourceName() : "workload.streams";
    }

    private static LatencyDirectory directory(ExperimentSpec.WorkloadSpec w) {
        return switch (w.source()) {
            case SCENARIO, STREAMS -> Scenarios.latencyDirectoryWithSanger(scenario(w), w.samplesPerModel());
            case BUILTIN -> BuiltinLatencyDirectories.load(w.sourceName());
            case LATENCY_DIR -> LatencyCsv.loadDirectory(Path.of(w.sourceName()), w.sangerSequenceLength());
        };
    }

    @Override
    public void canonical(ExperimentSpec.WorkloadSpec workload, KernelOptions kernel, ObjectNode root) {
        ObjectNode w = root.putObject("workload");
        w.put("source", workload.source().name().toLowerCase(Locale.ROOT)).put("name", workload.sourceName())
                .put("samples_per_model", workload.samplesPerModel()).put("requests", workload.requests())
                .put("sanger_sequence_length", workload.sangerSequenceLength());
        // only with trace files or streams, so the fingerprints of other specs (and their stored folders) stay as they were
        if (!workload.workloads().isEmpty()) workload.workloads().forEach(w.putArray("traces")::add);
        w.setAll(workload.options());
        // periodic rows name their scenario and have no SLO multiplier (NaN): folders stored before that are refused
        if (periodic(workload) && workload.workloads().isEmpty()) w.put("periodic", true);
        ObjectNode k = root.putObject("kernel");
        k.put("artifact_clock", kernel.artifactClock()).put("switch_cost_s", kernel.switchCostSeconds())
                .put("estimator", kernel.estimator().cliName()).put("last_n", kernel.lastLayers());
        // only with a drop rule, so the fingerprints of specs without one (and their stored folders) stay as they were
        if (kernel.drop() != DropRule.NONE) k.put("drop", kernel.drop().cliName());
    }

    /**
     * The setting a workload stands for on {@code kernel}: its tables, its priorities or streams. What a spec's
     * sweep runs on, and what {@code cotenant tune} trains on ({@code dataLabel} names the tables in result files).
     */
    public static TimeMultiplexedSetting setting(ExperimentSpec.WorkloadSpec w, KernelOptions kernel, String dataLabel) {
        Scenario scenario = scenario(w);
        List<PeriodicStream> streams = periodic(w) ? (scenario != null ? scenario.streams() : streams(w)) : List.of();
        double[] priorities = scenario != null ? scenario.priorities().stream().mapToDouble(Double::doubleValue).toArray()
                : TimeMultiplexedSetting.publishedPriorities();
        return new TimeMultiplexedSetting(directory(w), streams.isEmpty() ? priorities : new double[] {1}, kernel, dataLabel, streams);
    }

    @Override
    public Built build(ExperimentSpec spec) {
        ExperimentSpec.WorkloadSpec w = spec.workload();
        Scenario scenario = scenario(w);
        // a periodic workload's drop rule is already in spec.kernel() (kernel() resolves it, a kernel.drop key overrides it)
        TimeMultiplexedSetting setting = setting(w, spec.kernel(), w.source().name().toLowerCase(Locale.ROOT) + " " + w.sourceName());
        double perSecondAtLoad1 = setting.requestsPerSecondAtFullLoad();
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : w.workloads()) files.put(Path.of(file).getFileName().toString(), file);
        List<SweepPoint> points = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            // trace files as they are: one point each, its load the file's own mean arrival rate
            CompiledTrace trace = setting.compile(List.of(fileTracePoint(f.getValue()))).get(0);
            double span = trace.size() < 2 ? 0 : trace.arrivalSeconds(trace.size() - 1) - trace.arrivalSeconds(0);
            double rate = span > 0 ? (trace.size() - 1) / span : Double.NaN;
            points.add(new SweepPoint(points.size(), rate / perSecondAtLoad1, rate, Double.NaN, Double.NaN, 0, f.getKey()));
        }
        ExperimentSpec.SweepSpec s = spec.sweep();
        boolean rateAxis = s.loadAxis() == ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S;
        // periodic at its nominal frame rates (load NaN): the load those rates offer, so the rate scale is exactly 1
        List<Double> loads = s.loads().isEmpty() ? List.of(Double.NaN) : s.loads();
        for (double load : files.isEmpty() ? loads.stream().map(l -> Double.isNaN(l) ? setting.nominalLoad() : l).toList() : List.<Double>of()) {
            List<double[]> slos = new ArrayList<>();
            // periodic: no SLO multiplier (deadlines come from the frames); its rows name the scenario as their workload
            if (setting.isPeriodic()) slos.add(new double[] {Double.NaN, Double.NaN});
            else if (s.sloMultipliers().isEmpty()) slos.add(new double[] {scenario.sloMultiplierMin(), scenario.sloMultiplierMax()});
            for (double m : s.sloMultipliers()) slos.add(new double[] {m, m});
            for (double[] slo : slos) {
                for (long seed : s.seeds()) {
                    points.add(new SweepPoint(points.size(), rateAxis ? load / perSecondAtLoad1 : load, rateAxis ? load : load * perSecondAtLoad1,
                            slo[0], slo[1], seed, setting.isPeriodic() ? periodicLabel(w) : ""));
                }
            }
        }
        return new Built(setting, points, p -> files.containsKey(p.workload()) ? fileTracePoint(files.get(p.workload()))
                : new TracePoint("", p.seed(), setting.isPeriodic() ? p.offeredLoad() : p.arrivalRatePerSecond(), p.sloMultiplierMin(),
                        p.sloMultiplierMax(), w.requests()));
    }

    /** A trace file: the setting reads the file, so seed, load and SLO multipliers are not used. */
    private static TracePoint fileTracePoint(String file) { return new TracePoint(file, 0, Double.NaN, Double.NaN, Double.NaN, 0); }

    @Override
    public KernelOptions kernel(SpecNode k, ExperimentSpec.WorkloadSpec w) {
        // a periodic workload brings its drop rule; kernel.drop overrides it
        DropRule scenarioDrop = periodic(w) ? drop(w) : DropRule.NONE;
        if (k == null) return KernelOptions.PUBLISHED.withDrop(scenarioDrop);
        k.allowOnly("artifact_clock", "switch_cost_s", "estimator", "last_n", "drop");
        DropRule drop = scenarioDrop;
        if (k.has("drop")) {
            try {
                drop = DropRule.byCliName(k.get("drop").text());
            } catch (BadInputException e) {
                throw k.get("drop").error(e.getMessage().replaceFirst("^--drop: ", ""));
            }
        }
        LatencyEstimator estimator = LatencyEstimator.SPARSITY_MONITOR;
        if (k.has("estimator")) {
            try {
                estimator = LatencyEstimator.byCliName(k.get("estimator").text());
            } catch (BadInputException e) {
                throw k.get("estimator").error(e.problem());
            }
        }
        double switchCost = k.number("switch_cost_s", 0);
        if (!(switchCost >= 0) || Double.isInfinite(switchCost)) throw k.get("switch_cost_s").error("must be a finite number >= 0; got " + switchCost);
        return new KernelOptions(k.bool("artifact_clock", false), switchCost, estimator, k.integer("last_n", 3, 1), drop);
    }

    @Override
    public ExperimentSpec.SweepSpec sweep(SpecNode s, ExperimentSpec.WorkloadSpec w) {
        Scenario scenario = scenario(w);
        s.allowOnly("offered_load", "arrival_rate_per_s", "slo_multiplier", "seeds", "qos");
        if (!w.workloads().isEmpty()) {
            // trace files: their arrivals, targets and requests are given, so there is nothing to sweep but the files
            for (String key : List.of("offered_load", "arrival_rate_per_s", "slo_multiplier", "seeds", "qos")) {
                if (s.has(key)) throw s.get(key).error("applies to generated traces, not to workload.traces (each file runs as it is)");
            }
            return new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(), List.of(), List.of(0L));
        }
        if (s.has("qos")) throw s.get("qos").error("QoS levels are an axis of the moca setting (workload.setting: moca, sweep.slo_multiplier)");
        if (s.has("offered_load") && s.has("arrival_rate_per_s")) throw s.error("give offered_load or arrival_rate_per_s, not both");
        try {
            refuseRateOrSloIfPeriodic(w, s.has("arrival_rate_per_s"), s.has("slo_multiplier"));
        } catch (BadInputException e) {
            throw s.get(e.where()).error(e.problem());
        }
        ExperimentSpec.LoadAxis axis;
        List<Double> loads;
        if (s.has("offered_load")) {
            axis = ExperimentSpec.LoadAxis.OFFERED_LOAD;
            loads = SpecReader.positives(s.get("offered_load"));
        } else if (s.has("arrival_rate_per_s")) {
            axis = ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S;
            loads = SpecReader.positives(s.get("arrival_rate_per_s"));
        } else if (scenario != null || periodic(w)) {
            axis = ExperimentSpec.LoadAxis.SCENARIO;
            // declared streams run at their nominal rates (NaN), as a periodic scenario without a load does
            loads = List.of(scenario != null ? scenario.offeredLoad() : Double.NaN);
        } else {
            throw s.error("offered_load or arrival_rate_per_s is required when the workload is not a scenario");
        }
        List<Double> slo = s.has("slo_multiplier") ? SpecReader.positives(s.get("slo_multiplier")) : List.of();
        if (slo.isEmpty() && scenario == null && !periodic(w)) throw s.error("slo_multiplier is required when the workload is not a scenario");
        return new ExperimentSpec.SweepSpec(axis, loads, slo, SpecReader.seeds(s));
    }

    /** The one key that says what kind of entry a policy mapping is; the others are refused beside it. */
    private static final List<String> KIND_KEYS = List.of("scheduler", "best_json", "tuned", "predictor", "optimum");

    @Override
    public PolicySpec policy(SpecNode p, Path baseDir, ExperimentSpec.WorkloadSpec w, KernelOptions kernel, ExperimentSpec.SweepSpec sweep) {
        if (periodic(w) && p.isMapping() && p.has("tuned")) {
            for (String key : List.of("rates", "slo_multiplier")) {
                // a periodic tuner draws offered loads from the sweep's, and its deadlines come from the frames
                if (p.get("tuned").has(key)) {
                    throw p.get("tuned").get(key).error("does not apply to periodic " + describe(w) + ": its tuner trains at the sweep's offered loads");
                }
            }
        }
        if (p.isText()) {
            String name = p.text();
            if (Schedulers.learnedNames().contains(name)) {
                throw p.error("'" + name + "' needs a trained predictor; give {predictor: {scheduler: " + name + "}} (docs/experiments.md)");
            }
            if (baseDir == null && PolicySources.looksLikeFile(PolicySources.source(name))) throw p.error("a built-in experiment cannot name a file");
            try {
                // the CLI's policy sources: NAME, NAME:PARAM=VALUE[,...], a best.json path, each optionally LABEL=
                return PolicySources.one(name, baseDir, null, "give a {predictor: ...} entry, docs/experiments.md");
            } catch (BadInputException e) {
                throw p.error(e.getMessage());
            }
        }
        p.allowOnly("scheduler", "parameters", "label", "best_json", "tuned", "optimum", "predictor");
        List<String> kinds = KIND_KEYS.stream().filter(p::has).toList();
        if (kinds.size() != 1) {
            throw p.error("give exactly one of " + String.join(", ", KIND_KEYS) + (kinds.isEmpty() ? "" : "; got " + String.join(" and ", kinds)));
        }
        if (p.has("parameters") && !p.has("scheduler")) throw p.get("parameters").error("only applies beside 'scheduler'");
        if (p.has("optimum")) return optimum(p, kernel);
        if (p.has("tuned")) return tuned(p, sweep);
        if (p.has("predictor")) return learned(p, baseDir);
        if (p.has("best_json")) {
            if (p.has("scheduler") || p.has("parameters")) throw p.error("give best_json or scheduler/parameters, not both");
            if (baseDir == null) throw p.get("best_json").error("a built-in experiment cannot name a file");
            Path file = baseDir.resolve(p.get("best_json").text()).normalize();
            Policy policy = SpecReader.bestJson(file);
            return new PolicySpec(p.text("label", policy.label()), policy, "best.json:" + file);
        }
        String name = p.required("scheduler").text();
        if (Schedulers.learnedNames().contains(name)) {
            throw p.get("scheduler").error("'" + name + "' needs a trained predictor; give {predictor: {scheduler: " + name + "}} instead");
        }
        Map<String, Double> overrides = new LinkedHashMap<>();
        if (p.has("parameters")) {
            SpecNode params = p.get("parameters");
            SpecReader.parameterNames(params, SpecReader.checkedName(p.get("scheduler"), name));
            params.raw().fieldNames().forEachRemaining(key -> overrides.put(key, SpecReader.parameterValue(params.get(key), name, key)));
        }
        Policy policy = SpecReader.scheduler(p.get("scheduler"), name, overrides);
        return new PolicySpec(p.text("label", policy.label()), policy, overrides.isEmpty() ? "published" : "overrides");
    }

    private static PolicySpec optimum(SpecNode p, KernelOptions kernel) {
        SpecNode o = p.get("optimum").allowOnly("objective", "miss_weight", "antt_weight", "time_limit_s", "moves_per_request", "exact_max",
                "exact", "certify");
        // The optimiser's busy periods and bound assume the physical clock and free switches (docs/optimal.md).
        if (kernel.artifactClock() || kernel.switchCostSeconds() != 0) {
            throw p.get("optimum").error("needs the published kernel (kernel.artifact_clock: false, kernel.switch_cost_s: 0); got " + kernel);
        }
        // A drop rule (kernel.drop) is the optimum's too: its schedules are run by the same kernel (PointEvaluator).
        String objective = o.text("objective", "lexicographic");
        if (!SpecReader.OPTIMUM_OBJECTIVES.contains(objective)) {
            throw o.get("objective").error("unknown objective '" + objective + "'; allowed: " + String.join(", ", SpecReader.OPTIMUM_OBJECTIVES));
        }
        if (!objective.equals("weighted")) {
            for (String key : List.of("miss_weight", "antt_weight")) {
                if (o.has(key)) throw o.get(key).error("only applies with objective: weighted");
            }
        }
        if ((objective.equals("worst_model_miss_rate") || objective.equals("max:xr_score")) && o.has("certify")) {
            // CP-SAT proves weighted misses, these objectives' second key (docs/optimal.md)
            throw o.get("certify").error("does not apply with objective: " + objective + ", which is searched over the whole trace and not certified");
        }
        double missWeight = nonNegative(o, "miss_weight", 1);
        double anttWeight = nonNegative(o, "antt_weight", 1);
        double timeLimit = o.number("time_limit_s", 30);
        if (!(timeLimit > 0) || Double.isInfinite(timeLimit)) throw o.get("time_limit_s").error("must be a finite number > 0; got " + timeLimit);
        int moves = o.integer("moves_per_request", 300, 1);
        int exactMax = o.integer("exact_max", ExactOrderSolver.DEFAULT_MAX_REQUESTS, 1);
        if (exactMax > ExactOrderSolver.HARD_MAX_REQUESTS) {
            throw o.get("exact_max").error("must be at most " + ExactOrderSolver.HARD_MAX_REQUESTS + "; got " + exactMax);
        }
        PolicySpec.Optimum settings = new PolicySpec.Optimum(objective, missWeight, anttWeight, timeLimit, moves, exactMax,
                o.bool("exact", false), o.has("certify") ? certify(o.get("certify")) : null);
        return new PolicySpec(p.text("label", "optimal"), null, "optimum", null, null, settings);
    }

    /** {@code certify: {limit: UNITS, workers: N, turnaround: N}}: CP-SAT certification of the optimum's weighted misses. */
    private static PolicySpec.Certify certify(SpecNode c) {
        c.allowOnly("limit", "workers", "turnaround");
        double limit = c.number("limit", SpecReader.DEFAULT_CERTIFY_LIMIT);
        if (!(limit > 0) || Double.isInfinite(limit)) throw c.get("limit").error("must be a finite number > 0; got " + limit);
        return new PolicySpec.Certify(limit, c.integer("workers", 1, 1), c.integer("turnaround", 0, 0));
    }


    private static double nonNegative(SpecNode o, String key, double fallback) {
        double v = o.number(key, fallback);
        if (!(v >= 0) || Double.isInfinite(v)) throw o.get(key).error("must be a finite number >= 0; got " + v);
        return v;
    }

    private static PolicySpec tuned(SpecNode p, ExperimentSpec.SweepSpec sweep) {
        SpecNode t = p.get("tuned").allowOnly("scheduler", "objective", "generations", "population", "train_traces", "validation_traces",
                "requests", "rates", "slo_multiplier", "seed");
        if (sweep.loadAxis() == ExperimentSpec.LoadAxis.SCENARIO && sweep.loads().isEmpty()) {
            throw p.get("tuned").error("needs generated traces to tune on; with workload.traces, tune on trace files with "
                    + "'cotenant tune --traces PATH' and give its best.json (best_json: PATH)");
        }
        String name = SpecReader.checkedName(t.required("scheduler"), t.get("scheduler").text());
        if (Schedulers.space(name).parameters().isEmpty()) {
            throw t.get("scheduler").error("scheduler '" + name + "' has no tunable parameters; allowed: " + String.join(", ",
                    Schedulers.names().stream().filter(n -> !Schedulers.space(n).parameters().isEmpty()).toList()));
        }
        String objective = t.text("objective", "violation_rate");
        Objective parsed = SpecReader.atNode(t.has("objective") ? t.get("objective") : t, () -> Objective.parse(objective));
        if (parsed.metrics().size() > 1 && objective.contains(",")) {
            throw t.get("objective").error("a Pareto objective has no single best vector to run; give one metric or a weighted sum");
        }
        double[] rates = range(t, "rates");
        double[] slo = range(t, "slo_multiplier");
        long seed = t.required("seed").integer();
        // The tuner's training traces must not be the sweep's traces: a seed shared with the sweep is refused here,
        // and the generated training seeds are checked against the sweep's again before tuning (PolicyArtefacts).
        if (sweep.seeds().contains(seed)) {
            throw t.get("seed").error("seed " + seed + " is also a sweep seed " + sweep.seeds()
                    + "; the tuner must train on other traces than the sweep measures: pick a seed outside sweep.seeds");
        }
        PolicySpec.Tuned settings = new PolicySpec.Tuned(name, objective, t.integer("generations", 10, 1), t.integer("population", 12, 2),
                t.integer("train_traces", 8, 1), t.integer("validation_traces", 8, 1), t.integer("requests", 200, 1),
                rates[0], rates[1], slo[0], slo[1], seed);
        return new PolicySpec(p.text("label", name + "-tuned"), Policy.published(name), "tuned", settings, null, null);
    }

    /** An optional {@code [low, high]} range; NaNs when absent (the sweep's range is used). */
    private static double[] range(SpecNode t, String key) {
        if (!t.has(key)) return new double[] {Double.NaN, Double.NaN};
        List<SpecNode> items = t.get(key).nonEmptyList();
        if (items.size() != 2) throw t.get(key).error("expected [low, high]; got " + items.size() + " values");
        double lo = items.get(0).number(), hi = items.get(1).number();
        if (!(lo > 0) || !Double.isFinite(hi) || lo > hi) throw t.get(key).error("expected 0 < low <= high, finite; got [" + lo + ", " + hi + "]");
        return new double[] {lo, hi};
    }

    private static PolicySpec learned(SpecNode p, Path baseDir) {
        SpecNode l = p.get("predictor").allowOnly("scheduler", "model", "samples", "split_seed", "seed", "max_epochs");
        String name = l.required("scheduler").text();
        if (!Schedulers.learnedNames().contains(name)) {
            throw l.get("scheduler").error("unknown learned scheduler '" + name + "'; allowed: " + String.join(", ", Schedulers.learnedNames()));
        }
        String model = null;
        if (l.has("model")) {
            if (baseDir == null) throw l.get("model").error("a built-in experiment cannot name a file; leave 'model' out to train one");
            Path file = baseDir.resolve(l.get("model").text()).normalize();
            if (!Files.isRegularFile(file)) throw l.get("model").error(file + " is not a file (give a predictor.txt or predictor.zip)");
            for (String key : List.of("samples", "split_seed", "seed", "max_epochs")) {
                if (l.has(key)) throw l.get(key).error("only applies when the predictor is trained (no 'model')");
            }
            model = file.toString();
        }
        PredictorTrainer.Config defaults = PredictorTrainer.Config.DEFAULT;
        long seed = l.has("seed") ? l.get("seed").integer() : defaults.seed();
        long splitSeed = l.has("split_seed") ? l.get("split_seed").integer() : PredictorTraining.DEFAULT_SPLIT_SEED;
        PolicySpec.Learned settings = new PolicySpec.Learned(name, model, l.integer("samples", 100, 10), splitSeed, seed,
                l.integer("max_epochs", defaults.maxEpochs(), 1));
        return new PolicySpec(p.text("label", name), Policy.published(name), "predictor", null, settings, null);
    }

    /** The time-multiplexed scenarios: Poisson (dysta-*) and periodic (xr-*). */
    @Override
    public List<String> scenarios() { return Scenarios.list().stream().map(Scenario::name).toList(); }

    /**
     * {@code cotenant tune} on this setting: the tables of a scenario, a latency directory or the built-in one, and
     * traces drawn per training and held-out trace: Poisson at arrival rates and SLO multipliers (default: the
     * scenario's, else 3 per second and 10), periodic at offered loads (default: the scenario's own), or trace files.
     */
    @Override
    public Tuning tuning(TuneOptions o) {
        Scenario scenario = o.scenario() == null ? null : Scenarios.byName(o.scenario());
        int requests = o.requests() == null ? 200 : o.requests();
        ExperimentSpec.WorkloadSpec tables = scenario != null
                ? new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.SCENARIO, scenario.name(), o.samplesPerModel(), requests, o.sangerSequenceLength())
                : new ExperimentSpec.WorkloadSpec(o.latencyDir() == null ? ExperimentSpec.Source.BUILTIN : ExperimentSpec.Source.LATENCY_DIR,
                        o.latencyDir() == null ? BuiltinLatencyDirectories.DEMO : o.latencyDir().toString(), 0, requests, o.sangerSequenceLength());
        if (o.offeredLoads() != null && !periodic(tables)) {
            throw BadInputException.setting("offered_load", "applies to MoCA scenarios (moca-SET-QOS) and periodic ones (xr-*); give --rates");
        }
        if (o.artifactRuntime()) throw BadInputException.setting("artifact_runtime", "applies to MoCA scenarios (moca-SET-QOS)");
        refuseRateOrSloIfPeriodic(tables, o.arrivalRatesPerSecond() != null, o.sloMultipliers() != null);
        String data = scenario != null ? "scenario " + scenario.name() + " (" + o.samplesPerModel() + " samples per model, synthetic)"
                : directoryLabel(o.latencyDir());
        KernelOptions kernel = o.kernel().apply(kernel(null, tables).drop()); // the workload's drop rule, as a spec without a kernel block
        TimeMultiplexedSetting setting = setting(tables, kernel, data);
        double[] rates = o.arrivalRatesPerSecond(), slo = o.sloMultipliers();
        if (setting.isPeriodic()) { // frame rates scaled to an offered load drawn per trace, deadlines from the frames
            double load = Double.isNaN(scenario.offeredLoad()) ? setting.nominalLoad() : scenario.offeredLoad();
            rates = o.offeredLoads() != null ? o.offeredLoads() : new double[] {load, load};
            slo = new double[] {1, 1};
        } else {
            double rate = scenario == null ? 3 : Scenarios.arrivalRatePerSecond(scenario, setting.directory());
            if (rates == null) rates = new double[] {rate, rate};
            if (slo == null) slo = scenario == null ? new double[] {10, 10} : new double[] {scenario.sloMultiplierMin(), scenario.sloMultiplierMax()};
        }
        if (o.traces() == null) return new Tuning(setting, new TraceDistribution(rates[0], rates[1], slo[0], slo[1], requests), data, kernel.toString());
        String generatorOption = o.arrivalRatesPerSecond() != null ? "arrival_rate_per_s" : o.sloMultipliers() != null ? "slo_multiplier"
                : o.requests() != null ? "requests" : o.offeredLoads() != null ? "offered_load" : null;
        if (generatorOption != null) {
            throw BadInputException.setting(generatorOption, "a trace file carries its own arrivals, targets and requests: not with --traces");
        }
        List<String> files = new ArrayList<>();
        for (Path f : TraceCsv.files(o.traces())) {
            TraceCsv.read(f, setting.directory()); // a bad file is refused before the search
            files.add(f.toAbsolutePath().normalize().toString());
        }
        return new Tuning(setting, TraceDistribution.ofFiles(files), data + ", trace files " + o.traces(), kernel.toString());
    }

    /**
     * A periodic workload has a frame rate per stream and deadlines from its frames, so only its offered load scales:
     * an arrival rate or an SLO multiplier given for it is refused at the setting's name (a spec's sweep key, tune's option).
     */
    private static void refuseRateOrSloIfPeriodic(ExperimentSpec.WorkloadSpec w, boolean arrivalRateGiven, boolean sloMultiplierGiven) {
        if (periodic(w) && arrivalRateGiven) {
            throw BadInputException.setting("arrival_rate_per_s", describe(w) + " is periodic (one frame rate per stream, not one arrival rate); "
                    + "vary its offered load, which scales every frame rate by one factor");
        }
        if (periodic(w) && sloMultiplierGiven) {
            throw BadInputException.setting("slo_multiplier", describe(w) + " is periodic: each frame's deadline is its stream's next frame, not an SLO multiplier");
        }
    }

    /** How result files name where {@code latencyDir}'s tables come from; null: the built-in synthetic directory, every command's default. */
    public static String directoryLabel(Path latencyDir) {
        return latencyDir == null ? "builtin:" + BuiltinLatencyDirectories.DEMO + " (synthetic)" : latencyDir.toString();
    }

    /**
     * An {@code optimum} entry first asks {@link OfflineOptimizer} for each trace's best priority order, then runs its layer
     * plan ({@link LayerPlan}) in the same session as the heuristics, so its row is measured by the same kernel and metric
     * code. Its bound rows follow: the family bound (priority-weighted misses no fixed order beats; lexicographic objective
     * only) and the relaxation bound (misses and ANTT no schedule at all beats), every other metric NaN; with certification
     * ({@code certify}) a third holds the misses no schedule the kernel can run beats (CP-SAT per busy period). With a move
     * budget ({@code moves_per_request}) that binds before {@code time_limit_s}, the optimum is a function of the trace alone.
     */
    @Override
    public Batch batch(ExperimentSpec spec, Setting setting, List<SweepPoint> points, List<TracePoint> tracePoints, int threads, OptimumSink sink) {
        TimeMultiplexedSetting tm = (TimeMultiplexedSetting) setting;
        List<CompiledTrace> compiled = tm.compile(tracePoints);
        List<Setting.Contender> contenders = new ArrayList<>();
        List<List<List<ExtraRow>>> extraRows = new ArrayList<>();
        int stoppedByTime = 0;
        for (PolicySpec entry : spec.policies()) {
            List<List<ExtraRow>> bounds = new ArrayList<>();
            extraRows.add(bounds);
            if (!entry.isOptimum()) {
                contenders.add(new KernelContender(entry.policy())); // the policy may carry a trained predictor
                continue;
            }
            OfflineOptimizer.Solution[] s = solve(spec, entry, compiled, points, threads, sink);
            for (OfflineOptimizer.Solution one : s) if (one.partsStoppedByTimeLimit() > 0) stoppedByTime++;
            contenders.add(new KernelContender(trace -> new LayerPlan(compiled.get(trace), s[trace].layerPlan())));
            for (int t = 0; t < s.length; t++) bounds.add(boundRows(spec, entry, compiled.get(t), s[t]));
        }
        return new Batch(tm.openCompiled(compiled, threads), contenders, extraRows, stoppedByTime);
    }

    private static List<ExtraRow> boundRows(ExperimentSpec spec, PolicySpec entry, CompiledTrace trace, OfflineOptimizer.Solution s) {
        List<ExtraRow> rows = new ArrayList<>();
        // Under a weighted objective the proven optimum bounds the weighted sum, not the misses alone.
        String objective = entry.optimum().objective();
        rows.add(boundRow(PolicySpec.FAMILY_BOUND_SUFFIX, trace, objective.equals("lexicographic") ? s.familyBound().weightedMissedDeadlines() : Double.NaN,
                Double.NaN));
        Cost r = s.relaxationBound();
        // with a drop rule the relaxation bounds no turnaround (RelaxationBound): NaN, not 0
        ExtraRow relaxation = boundRow(PolicySpec.RELAXATION_BOUND_SUFFIX, trace, r.weightedMissedDeadlines(),
                spec.kernel().drop() == DropRule.NONE ? r.normalizedTurnaroundSum() : Double.NaN);
        // an objective's first key has its bound in its own column
        if (objective.equals("worst_model_miss_rate")) relaxation.values()[Metric.WORST_MODEL_MISS_RATE.ordinal()] = r.firstKey();
        if (objective.equals("max:xr_score")) relaxation.values()[Metric.XR_SCORE.ordinal()] = 100 - r.firstKey(); // no schedule scores more
        rows.add(relaxation);
        if (entry.optimum().certify() != null) {
            rows.add(boundRow(PolicySpec.CERTIFIED_BOUND_SUFFIX, trace, s.certifiedBound().weightedMissedDeadlines(), Double.NaN));
        }
        return rows;
    }

    private static ExtraRow boundRow(String suffix, CompiledTrace trace, double weightedMisses, double turnaroundSum) {
        double[] values = new double[MetricCalculator.METRIC_COUNT];
        Arrays.fill(values, Double.NaN);
        double priorities = 0;
        for (int r = 0; r < trace.size(); r++) priorities += trace.priority(r);
        values[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = MetricCalculator.priorityWeightedViolationRate(weightedMisses, priorities);
        values[Metric.ANTT.ordinal()] = MetricCalculator.antt(turnaroundSum, trace.size());
        return new ExtraRow(suffix, values);
    }

    /**
     * One optimiser run per trace, the traces shared out over {@code threads}; each run is independent of the others.
     * Each point's files are kept as soon as its solve ends.
     */
    private static OfflineOptimizer.Solution[] solve(ExperimentSpec spec, PolicySpec entry, List<CompiledTrace> traces, List<SweepPoint> points,
                                                     int threads, OptimumSink sink) {
        // the spec's drop rule: the optimum's schedules are measured by the kernel the heuristics run on
        OfflineOptimizer.Settings settings = entry.optimum().optimizerSettings().withDrop(spec.kernel().drop());
        OfflineOptimizer.Solution[] out = new OfflineOptimizer.Solution[traces.size()];
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, traces.size()).parallel().forEach(t -> {
                out[t] = OfflineOptimizer.solve(traces.get(t), settings,
                        sink.log() == null ? null : new OptimumProgress(sink.log(), entry.label(), traces.get(t).size()));
                sink.keep(entry.label(), points.get(t).index(), OptimumArtefacts.files(entry.label(), traces.get(t), out[t], settings));
            })).join();
        } finally {
            pool.shutdown();
        }
        return out;
    }
}
