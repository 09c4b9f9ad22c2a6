package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cotenant.models.PredictorTrainer;
import dev.cotenant.models.PredictorTraining;
import dev.cotenant.search.optimal.ExactOrderSolver;
import dev.cotenant.search.tune.Objective;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.LatencyEstimator;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.setting.MocaSetting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an experiment spec from YAML and validates all of it before anything runs: every error is
 * a {@link BadInputException} naming the file, the dotted key and what is allowed. The format is
 * documented in docs/experiments.md.
 */
public final class SpecReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SpecReader() {}

    /** Reads a spec file; relative paths inside it (latency_dir, best_json) are resolved against its folder. */
    public static ExperimentSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw BadInputException.at(file.toString(), "no such file");
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "cannot read: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base);
    }

    /** The parsed document as the root spec node; one-line errors for invalid YAML or an empty spec. */
    private static SpecNode rootNode(String yaml, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                // the parser's own account: where the offending character is (a tab, say) and what it is
                if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                    throw BadInputException.at(source + ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1),
                            "not valid YAML: " + m.getProblem() + (m.getProblem().contains("\\t") ? " (YAML indents with spaces, not tabs)" : ""));
                }
            }
            throw BadInputException.at(source + location(e), "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (tree == null || tree.isMissingNode()) throw BadInputException.at(source, "empty spec");
        return new SpecNode(source, "", tree);
    }

    /** A request count refused where the spec gives it, before any folder is made (see PoissonTraceGenerator.checkFits). */
    private static void checkFits(SpecNode at, int requests) {
        try {
            dev.cotenant.simulator.trace.PoissonTraceGenerator.checkFits(requests);
        } catch (BadInputException e) {
            throw at.error(e.problem());
        }
    }

        /** {@code :LINE:COLUMN} of a YAML error (a tab where indentation is expected, say), or nothing if the parser did not say. */
    private static String location(JsonProcessingException e) {
        var at = e.getLocation();
        if (at == null || at.getLineNr() < 1) return "";
        return ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** @param baseDir folder relative paths are resolved against, or null if the spec may not name files */
    public static ExperimentSpec parse(String yaml, String source, Path baseDir) {
        SpecNode root = rootNode(yaml, source)
                .allowOnly("name", "title", "paper", "description", "workload", "kernel", "policies", "sweep", "metrics");
        String name = root.required("name").text();
        if (!NAME.matcher(name).matches()) throw root.get("name").error("must match " + NAME.pattern() + "; got '" + name + "'");
        WorkloadRead workload = workload(root.required("workload"), baseDir);
        boolean moca = workload.spec.source() == ExperimentSpec.Source.MOCA;
        if (moca && root.has("kernel")) throw root.get("kernel").error("applies to the time-multiplexed setting; MoCA's runtime is workload.artifact_runtime");
        // a periodic scenario brings its drop rule; kernel.drop overrides it
        KernelOptions kernel = kernel(root.has("kernel") ? root.get("kernel") : null,
                workload.scenario == null ? DropRule.NONE : workload.scenario.drop());
        ExperimentSpec.SweepSpec sweep = moca ? mocaSweep(root.required("sweep"), workload.spec) : sweep(root.required("sweep"), workload);
        List<PolicySpec> policies = policies(root.required("policies"), baseDir, kernel, sweep, moca);
        if (workload.scenario != null && workload.scenario.isPeriodic()) {
            for (SpecNode p : root.get("policies").nonEmptyList()) {
                if (!p.isMapping() || !p.has("tuned")) continue;
                for (String key : List.of("rates", "slo_multiplier")) {
                    // a periodic tuner draws offered loads from the sweep's, and its deadlines come from the frames
                    if (p.get("tuned").has(key)) throw p.get("tuned").get(key).error("does not apply to periodic scenario " + workload.scenario.name()
                            + ": its tuner trains at the sweep's offered loads");
                }
            }
        }
        List<Metric> metrics = new ArrayList<>();
        if (root.has("metrics")) {
            for (SpecNode m : root.get("metrics").nonEmptyList()) metrics.add(metric(m));
        } else if (moca) {
            metrics.addAll(List.of(Metric.SLA_SATISFACTION, Metric.MOCA_STP, Metric.FAIRNESS));
        } else {
            metrics.add(Metric.VIOLATION_RATE);
            metrics.add(Metric.ANTT);
        }
        if (moca) {
            for (int i = 0; i < metrics.size(); i++) {
                if (!MOCA.metrics().contains(metrics.get(i))) {
                    throw root.get("metrics").error("'" + metrics.get(i).columnName() + "' is not computed by the moca setting; it computes "
                            + String.join(", ", MOCA.metrics().stream().map(Metric::columnName).toList()));
                }
            }
        }
        return new ExperimentSpec(name, root.text("title", name), root.text("paper", ""), root.text("description", ""),
                workload.spec, kernel, policies, sweep, metrics);
    }

    /**
     * Runs {@code check}, reporting its bad-input error at {@code node}'s key: a domain setting's error by its
     * problem alone (the key is where the spec gave the setting), any other (a file's line) as it is.
     */
    private static <T> T atNode(SpecNode node, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (BadInputException e) {
            throw node.error(e.isSetting() ? e.problem() : e.getMessage());
        }
    }

    private record WorkloadRead(ExperimentSpec.WorkloadSpec spec, Scenario scenario) {}

    private static WorkloadRead workload(SpecNode w, Path baseDir) {
        String setting = w.text("setting", TimeMultiplexedSetting.NAME);
        if (setting.equals(MocaSetting.NAME) || setting.equals("multi-tile")) return mocaWorkload(w, baseDir);
        if (!setting.equals(TimeMultiplexedSetting.NAME)) {
            throw w.get("setting").error("unknown setting '" + setting + "'; allowed: " + TimeMultiplexedSetting.NAME + ", " + MocaSetting.NAME);
        }
        w.allowOnly("setting", "scenario", "builtin", "latency_dir", "samples_per_model", "requests", "sanger_sequence_length", "traces");
        int given = (w.has("scenario") ? 1 : 0) + (w.has("builtin") ? 1 : 0) + (w.has("latency_dir") ? 1 : 0);
        if (given != 1) throw w.error("give exactly one of scenario, builtin, latency_dir");
        WorkloadRead read = timeMultiplexedTables(w, baseDir);
        if (!w.has("traces")) return read;
        // Trace files (one CSV or a folder of them) run as they are over those tables: each is a workload of the sweep.
        if (w.has("requests")) throw w.get("requests").error("a trace file carries its own requests: not with traces");
        if (baseDir == null) throw w.get("traces").error("a built-in experiment cannot name a file");
        List<String> files = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        List<SpecNode> given2 = w.get("traces").raw().isArray() ? w.get("traces").nonEmptyList() : List.of(w.get("traces"));
        for (SpecNode t : given2) {
            for (Path file : atNode(t, () -> dev.cotenant.simulator.trace.TraceCsv.files(baseDir.resolve(t.text()).normalize()))) {
                String problem = PolicySpec.labelProblem(file.getFileName().toString(), labels);
                if (problem != null) throw t.error("trace file name: " + problem);
                files.add(file.toString());
            }
        }
        ExperimentSpec.WorkloadSpec tables = read.spec;
        return new WorkloadRead(new ExperimentSpec.WorkloadSpec(tables.source(), tables.sourceName(), tables.samplesPerModel(), 0,
                tables.sangerSequenceLength(), files, false), read.scenario);
    }

    /** Where a time-multiplexed workload's latency tables come from: a scenario, the built-in directory, or a folder. */
    private static WorkloadRead timeMultiplexedTables(SpecNode w, Path baseDir) {
        int samples = w.integer("samples_per_model", 32, 2);
        int requests = w.integer("requests", 1000, 1);
        if (w.has("requests")) checkFits(w.get("requests"), requests);
        int sequence = w.integer("sanger_sequence_length", SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH, 1);
        if (w.has("samples_per_model") && !w.has("scenario")) throw w.get("samples_per_model").error("only applies to a scenario");
        if (w.has("scenario")) {
            String name = w.get("scenario").text();
            Scenario scenario;
            try {
                scenario = Scenarios.byName(name);
            } catch (BadInputException e) {
                throw w.get("scenario").error(e.getMessage());
            }
            return new WorkloadRead(new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.SCENARIO, name, samples, requests, sequence), scenario);
        }
        if (w.has("builtin")) {
            String name = w.get("builtin").text();
            if (!name.equals(BuiltinLatencyDirectories.DEMO)) {
                throw w.get("builtin").error("unknown built-in latency directory '" + name + "'; known: " + BuiltinLatencyDirectories.DEMO);
            }
            return new WorkloadRead(new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.BUILTIN, name, samples, requests, sequence), null);
        }
        if (baseDir == null) throw w.get("latency_dir").error("a built-in experiment cannot name a latency directory");
        Path dir = baseDir.resolve(w.get("latency_dir").text()).normalize();
        if (!Files.isDirectory(dir)) throw w.get("latency_dir").error(dir + " is not a directory");
        return new WorkloadRead(new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.LATENCY_DIR, dir.toString(), samples, requests, sequence), null);
    }

    /** The one MoCA setting object a spec is checked against (its metrics and policy spaces do not depend on the runtime). */
    private static final MocaSetting MOCA = new MocaSetting(false);

    /** {@code setting: moca}: generator sets ({@code sets}) or trace files ({@code traces}), and the runtime. */
    private static WorkloadRead mocaWorkload(SpecNode w, Path baseDir) {
        w.allowOnly("setting", "sets", "traces", "artifact_runtime");
        if (w.has("sets") == w.has("traces")) throw w.error("give exactly one of sets (MoCA's generator: a, b, c) or traces (trace files)");
        List<String> workloads = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        if (w.has("sets")) {
            for (SpecNode s : w.get("sets").nonEmptyList()) {
                String set = s.text().toLowerCase(java.util.Locale.ROOT);
                if (!MocaSetting.isSet(set)) throw s.error("unknown MoCA workload set '" + s.text() + "'; allowed: a, b, c");
                if (!labels.add(set)) throw s.error("set " + set + " is listed twice");
                workloads.add(set);
            }
        } else {
            if (baseDir == null) throw w.get("traces").error("a built-in experiment cannot name a file");
            for (SpecNode t : w.get("traces").nonEmptyList()) {
                Path file = baseDir.resolve(t.text()).normalize();
                if (!Files.isRegularFile(file)) throw t.error(file + " is not a file (give a MoCA trace CSV: " + MocaTraces.HEADER + ")");
                atNode(t, () -> MocaTraces.read(file)); // a bad trace is refused before any folder is made
                String label = file.getFileName().toString();
                String problem = PolicySpec.labelProblem(label, labels);
                if (problem != null) throw t.error("trace file name: " + problem);
                workloads.add(file.toString());
            }
        }
        return new WorkloadRead(new ExperimentSpec.WorkloadSpec(ExperimentSpec.Source.MOCA, "", 0, MocaTraces.REQUESTS, 0, workloads,
                w.bool("artifact_runtime", false)), null);
    }

    /** MoCA's QoS target scales (high, medium, low): the default SLO multipliers of a MoCA sweep. */
    private static final List<Double> MOCA_QOS_SCALES = List.of(0.8, 1.0, 1.2);
    /** The seed of MoCA's artifact generator: the default, giving the artifact's own traces. */
    private static final long MOCA_ARTIFACT_SEED = 777;

    /** A MoCA sweep: offered loads (absent: each trace as generated), QoS scales and generator seeds, with MoCA's defaults. */
    private static ExperimentSpec.SweepSpec mocaSweep(SpecNode s, ExperimentSpec.WorkloadSpec workload) {
        s.allowOnly("offered_load", "slo_multiplier", "seeds");
        List<Double> loads = s.has("offered_load") ? positives(s.get("offered_load")) : List.of();
        boolean files = !MocaSetting.isSet(workload.workloads().get(0));
        for (String key : List.of("slo_multiplier", "seeds")) {
            // a trace file carries its own targets and arrivals: only a load scaling applies to it
            if (files && s.has(key)) throw s.get(key).error("applies to MoCA's generator sets, not to trace files");
        }
        List<Double> slo = files ? List.of(1.0) : s.has("slo_multiplier") ? positives(s.get("slo_multiplier")) : MOCA_QOS_SCALES;
        List<Long> seeds = files ? List.of(0L) : s.has("seeds") ? seeds(s) : List.of(MOCA_ARTIFACT_SEED);
        return new ExperimentSpec.SweepSpec(loads.isEmpty() ? ExperimentSpec.LoadAxis.SCENARIO : ExperimentSpec.LoadAxis.OFFERED_LOAD,
                loads, slo, seeds);
    }

    private static List<Long> seeds(SpecNode s) {
        List<Long> seeds = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (SpecNode seed : s.required("seeds").nonEmptyList()) {
            long v = seed.integer();
            if (!seen.add(v)) throw seed.error("seed " + v + " is listed twice");
            seeds.add(v);
        }
        return seeds;
    }

    /**
     * A MoCA policy entry: {@code NAME} or {@code NAME:PARAM=VALUE,...} as text, or a mapping with
     * {@code scheduler} (+ {@code parameters}) or a tuner's {@code best_json}, and an optional {@code label}.
     */
    private static PolicySpec mocaPolicy(SpecNode p, Path baseDir) {
        if (p.isText()) {
            String text = p.text();
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).trim();
            Map<String, Double> overrides = colon < 0 ? Map.of()
                    : atNode(p, () -> PolicySources.assignments(name, MOCA.space(name), text.substring(colon + 1)));
            return mocaEntry(p, name, overrides, null, overrides.isEmpty() ? "published" : "overrides");
        }
        p.allowOnly("scheduler", "parameters", "label", "best_json");
        if (p.has("best_json") == p.has("scheduler")) throw p.error("give exactly one of scheduler, best_json");
        SpecNode source = p;
        String origin;
        if (p.has("best_json")) {
            if (p.has("parameters")) throw p.get("parameters").error("only applies beside 'scheduler'");
            if (baseDir == null) throw p.get("best_json").error("a built-in experiment cannot name a file");
            Path file = baseDir.resolve(p.get("best_json").text()).normalize();
            source = new SpecNode(file.toString(), "", jsonTree(file));
            if (!source.isMapping()) throw source.error("expected a JSON object with 'policy' and 'parameters'");
            origin = "best.json:" + file;
        } else {
            origin = p.has("parameters") ? "overrides" : "published";
        }
        String name = (source == p ? p.required("scheduler") : source.required("policy")).text();
        Map<String, Double> overrides = new LinkedHashMap<>();
        if (source.has("parameters")) {
            SpecNode params = source.get("parameters");
            ParameterSpace space = atNode(params, () -> MOCA.space(name));
            params.allowOnly(space.parameters().stream().map(Parameter::name).toArray(String[]::new));
            params.raw().fieldNames().forEachRemaining(key -> overrides.put(key, params.get(key).number()));
        }
        return mocaEntry(p, name, overrides, p.has("label") ? p.get("label").text() : null, origin);
    }

    private static PolicySpec mocaEntry(SpecNode at, String name, Map<String, Double> overrides, String label, String origin) {
        ParameterSpace space = atNode(at, () -> MOCA.space(name));
        double[] values = space.defaults();
        for (Map.Entry<String, Double> o : overrides.entrySet()) values[atNode(at, () -> space.indexOf(name, o.getKey()))] = o.getValue();
        PolicySpec.Vector vector = atNode(at, () -> new PolicySpec.Vector(name, space, values));
        return new PolicySpec(label != null ? label : PolicySources.label(name, space, values), null, origin, null, null, null, vector);
    }

    private static JsonNode jsonTree(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw BadInputException.at(file.toString(), "no such file");
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static KernelOptions kernel(SpecNode k, DropRule scenarioDrop) {
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

    private static List<PolicySpec> policies(SpecNode list, Path baseDir, KernelOptions kernel, ExperimentSpec.SweepSpec sweep, boolean moca) {
        List<PolicySpec> policies = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (SpecNode p : list.nonEmptyList()) {
            PolicySpec policy = moca ? mocaPolicy(p, baseDir) : policy(p, baseDir, kernel, sweep);
            for (String rowLabel : policy.rowLabels()) {
                String problem = PolicySpec.labelProblem(rowLabel, labels);
                if (problem != null) throw p.error(problem + "; give a 'label'");
            }
            policies.add(policy);
        }
        return policies;
    }

    /** The one key that says what kind of entry a policy mapping is; the others are refused beside it. */
    private static final List<String> KIND_KEYS = List.of("scheduler", "best_json", "tuned", "predictor", "optimum");

    private static PolicySpec policy(SpecNode p, Path baseDir, KernelOptions kernel, ExperimentSpec.SweepSpec sweep) {
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
            Policy policy = bestJson(file);
            return new PolicySpec(p.text("label", policy.label()), policy, "best.json:" + file);
        }
        String name = p.required("scheduler").text();
        if (Schedulers.learnedNames().contains(name)) {
            throw p.get("scheduler").error("'" + name + "' needs a trained predictor; give {predictor: {scheduler: " + name + "}} instead");
        }
        Map<String, Double> overrides = new LinkedHashMap<>();
        if (p.has("parameters")) {
            SpecNode params = p.get("parameters");
            parameterNames(params, checkedName(p.get("scheduler"), name));
            params.raw().fieldNames().forEachRemaining(key -> overrides.put(key, parameterValue(params.get(key), name, key)));
        }
        Policy policy = scheduler(p.get("scheduler"), name, overrides);
        return new PolicySpec(p.text("label", policy.label()), policy, overrides.isEmpty() ? "published" : "overrides");
    }

    /** Objectives of the offline optimiser (ScheduleObjective). */
    public static final List<String> OPTIMUM_OBJECTIVES = List.of("lexicographic", "weighted", "worst_model_miss_rate", "max:xr_score");

    private static PolicySpec optimum(SpecNode p, KernelOptions kernel) {
        SpecNode o = p.get("optimum").allowOnly("objective", "miss_weight", "antt_weight", "time_limit_s", "moves_per_request", "exact_max",
                "exact", "certify");
        // The optimiser's busy periods and bound assume the physical clock and free switches (docs/optimal.md).
        if (kernel.artifactClock() || kernel.switchCostSeconds() != 0) {
            throw p.get("optimum").error("needs the published kernel (kernel.artifact_clock: false, kernel.switch_cost_s: 0); got " + kernel);
        }
        // A drop rule (kernel.drop) is the optimum's too: its schedules are run by the same kernel (PointEvaluator).
        String objective = o.text("objective", "lexicographic");
        if (!OPTIMUM_OBJECTIVES.contains(objective)) {
            throw o.get("objective").error("unknown objective '" + objective + "'; allowed: " + String.join(", ", OPTIMUM_OBJECTIVES));
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
        double limit = c.number("limit", DEFAULT_CERTIFY_LIMIT);
        if (!(limit > 0) || Double.isInfinite(limit)) throw c.get("limit").error("must be a finite number > 0; got " + limit);
        return new PolicySpec.Certify(limit, c.integer("workers", 1, 1), c.integer("turnaround", 0, 0));
    }

    /** CP-SAT's deterministic units per certification solve when a spec or {@code --certify-limit} gives none. */
    public static final double DEFAULT_CERTIFY_LIMIT = 5;

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
        String name = checkedName(t.required("scheduler"), t.get("scheduler").text());
        if (Schedulers.space(name).parameters().isEmpty()) {
            throw t.get("scheduler").error("scheduler '" + name + "' has no tunable parameters; allowed: " + String.join(", ",
                    Schedulers.names().stream().filter(n -> !Schedulers.space(n).parameters().isEmpty()).toList()));
        }
        String objective = t.text("objective", "violation_rate");
        Objective parsed = atNode(t.has("objective") ? t.get("objective") : t, () -> Objective.parse(objective));
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

    /** Fails unless {@code params} only names parameters of the scheduler's space. */
    private static void parameterNames(SpecNode params, String scheduler) {
        String[] allowed = Schedulers.space(scheduler).parameters().stream().map(Parameter::name).toArray(String[]::new);
        if (allowed.length == 0 && params.isMapping() && params.raw().size() > 0) {
            throw params.error("scheduler '" + scheduler + "' has no tunable parameters");
        }
        params.allowOnly(allowed);
    }

    /** A parameter's value: a number, or for a categorical parameter the choice's name. */
    private static double parameterValue(SpecNode node, String scheduler, String key) {
        if (!node.isText()) return node.number();
        Parameter p = Schedulers.space(scheduler).get(Schedulers.space(scheduler).indexOf(scheduler, key));
        Double v = p.isCategorical() ? p.parse(node.text()) : null;
        if (v == null) throw node.error(p.isCategorical() ? "expected one of " + p.categories() : "expected a number");
        return v;
    }

    private static String checkedName(SpecNode at, String name) {
        List<String> allowed = Schedulers.allNames().stream().filter(n -> !Schedulers.needsPredictor(n)).toList();
        if (!allowed.contains(name)) throw at.error("unknown scheduler '" + name + "'; allowed: " + String.join(", ", allowed));
        return name;
    }

    private static Policy scheduler(SpecNode at, String name, Map<String, Double> overrides) {
        checkedName(at, name);
        try {
            return Policy.withOverrides(name, overrides);
        } catch (BadInputException | IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }

    /** A tuner's output: {@code {"policy": NAME, "parameters": {NAME: VALUE, ...}}}. */
    public static Policy bestJson(Path file) {
        JsonNode tree = jsonTree(file);
        SpecNode root = new SpecNode(file.toString(), "", tree);
        // A tuner may record more (score, generations, provenance); only the policy is read.
        if (!root.isMapping()) throw root.error("expected a JSON object with 'policy' and 'parameters'");
        String name = root.required("policy").text();
        Map<String, Double> values = new LinkedHashMap<>();
        if (root.has("parameters")) {
            SpecNode params = root.get("parameters");
            parameterNames(params, checkedName(root.get("policy"), name));
            params.raw().fieldNames().forEachRemaining(key -> values.put(key, parameterValue(params.get(key), name, key)));
        }
        return scheduler(root.get("policy"), name, values);
    }

    private static ExperimentSpec.SweepSpec sweep(SpecNode s, WorkloadRead workload) {
        s.allowOnly("offered_load", "arrival_rate_per_s", "slo_multiplier", "seeds", "qos");
        if (!workload.spec.workloads().isEmpty()) {
            // trace files: their arrivals, targets and requests are given, so there is nothing to sweep but the files
            for (String key : List.of("offered_load", "arrival_rate_per_s", "slo_multiplier", "seeds", "qos")) {
                if (s.has(key)) throw s.get(key).error("applies to generated traces, not to workload.traces (each file runs as it is)");
            }
            return new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.SCENARIO, List.of(), List.of(), List.of(0L));
        }
        if (s.has("qos")) throw s.get("qos").error("QoS levels are an axis of the moca setting (workload.setting: moca, sweep.slo_multiplier)");
        if (s.has("offered_load") && s.has("arrival_rate_per_s")) throw s.error("give offered_load or arrival_rate_per_s, not both");
        if (workload.scenario != null && workload.scenario.isPeriodic()) {
            // a periodic scenario has a frame rate per stream and deadlines from its frames: only its load scales
            if (s.has("arrival_rate_per_s")) {
                throw s.get("arrival_rate_per_s").error("scenario " + workload.scenario.name() + " is periodic (one frame rate per stream, "
                        + "not one arrival rate); give offered_load, which scales every frame rate by one factor");
            }
            if (s.has("slo_multiplier")) {
                throw s.get("slo_multiplier").error("scenario " + workload.scenario.name() + " is periodic: each frame's deadline is "
                        + "its stream's next frame, not an SLO multiplier");
            }
        }
        ExperimentSpec.LoadAxis axis;
        List<Double> loads;
        if (s.has("offered_load")) {
            axis = ExperimentSpec.LoadAxis.OFFERED_LOAD;
            loads = positives(s.get("offered_load"));
        } else if (s.has("arrival_rate_per_s")) {
            axis = ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S;
            loads = positives(s.get("arrival_rate_per_s"));
        } else if (workload.scenario != null) {
            axis = ExperimentSpec.LoadAxis.SCENARIO;
            loads = List.of(workload.scenario.offeredLoad());
        } else {
            throw s.error("offered_load or arrival_rate_per_s is required when the workload is not a scenario");
        }
        List<Double> slo = s.has("slo_multiplier") ? positives(s.get("slo_multiplier")) : List.of();
        if (slo.isEmpty() && workload.scenario == null) throw s.error("slo_multiplier is required when the workload is not a scenario");
        return new ExperimentSpec.SweepSpec(axis, loads, slo, seeds(s));
    }

    private static List<Double> positives(SpecNode list) {
        List<Double> values = new ArrayList<>();
        for (SpecNode n : list.nonEmptyList()) {
            double v = n.number();
            if (!(v > 0) || Double.isInfinite(v)) throw n.error("must be a finite number > 0; got " + v);
            if (values.contains(v)) throw n.error("value " + v + " is listed twice");
            values.add(v);
        }
        return values;
    }

    private static Metric metric(SpecNode m) {
        try {
            return Metric.byColumnName(m.text());
        } catch (BadInputException e) {
            throw m.error(e.problem());
        }
    }
}
