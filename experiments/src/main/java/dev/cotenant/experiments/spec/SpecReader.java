package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;

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
    static void checkFits(SpecNode at, int requests) {
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
        SpecNode w = root.required("workload");
        SpecSetting setting = atNode(w.has("setting") ? w.get("setting") : w, () -> SpecSetting.byName(w.text("setting", TimeMultiplexedSpec.NAME)));
        ExperimentSpec.WorkloadSpec workload = setting.workload(w, baseDir);
        KernelOptions kernel = setting.kernel(root.has("kernel") ? root.get("kernel") : null, workload);
        ExperimentSpec.SweepSpec sweep = setting.sweep(root.required("sweep"), workload);
        List<PolicySpec> policies = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (SpecNode p : root.required("policies").nonEmptyList()) {
            PolicySpec policy = setting.policy(p, baseDir, workload, kernel, sweep);
            for (String rowLabel : policy.rowLabels()) {
                String problem = PolicySpec.labelProblem(rowLabel, labels);
                if (problem != null) throw p.error(problem + "; give a 'label'");
            }
            policies.add(policy);
        }
        List<Metric> metrics = new ArrayList<>();
        if (!root.has("metrics")) metrics.addAll(setting.defaultMetrics());
        for (SpecNode m : root.has("metrics") ? root.get("metrics").nonEmptyList() : List.<SpecNode>of()) {
            Metric metric = metric(m);
            if (!setting.metrics().contains(metric)) {
                throw m.error("'" + metric.columnName() + "' is not computed by the " + setting.name() + " setting; it computes "
                        + String.join(", ", setting.metrics().stream().map(Metric::columnName).toList()));
            }
            metrics.add(metric);
        }
        return new ExperimentSpec(name, root.text("title", name), root.text("paper", ""), root.text("description", ""),
                workload, kernel, policies, sweep, metrics);
    }

    /**
     * Runs {@code check}, reporting its bad-input error at {@code node}'s key: a domain setting's error by its
     * problem alone (the key is where the spec gave the setting), any other (a file's line) as it is.
     */
    static <T> T atNode(SpecNode node, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (BadInputException e) {
            throw node.error(e.isSetting() ? e.problem() : e.getMessage());
        }
    }


    static List<Long> seeds(SpecNode s) {
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
     * A policy entry of a setting's {@code space}: {@code NAME} or {@code NAME:PARAM=VALUE,...} as text, or a mapping with
     * {@code scheduler} (+ {@code parameters}) or a tuner's {@code best_json}, and an optional {@code label}.
     */
    static PolicySpec vectorPolicy(SpecNode p, Path baseDir, java.util.function.Function<String, ParameterSpace> spaces) {
        if (p.isText()) {
            String text = p.text();
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).trim();
            Map<String, Double> overrides = colon < 0 ? Map.of()
                    : atNode(p, () -> PolicySources.assignments(name, spaces.apply(name), text.substring(colon + 1)));
            return vectorEntry(p, spaces, name, overrides, null, overrides.isEmpty() ? "published" : "overrides");
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
            ParameterSpace space = atNode(params, () -> spaces.apply(name));
            params.allowOnly(space.parameters().stream().map(Parameter::name).toArray(String[]::new));
            params.raw().fieldNames().forEachRemaining(key -> overrides.put(key, params.get(key).number()));
        }
        return vectorEntry(p, spaces, name, overrides, p.has("label") ? p.get("label").text() : null, origin);
    }

    private static PolicySpec vectorEntry(SpecNode at, java.util.function.Function<String, ParameterSpace> spaces, String name,
                                          Map<String, Double> overrides, String label, String origin) {
        ParameterSpace space = atNode(at, () -> spaces.apply(name));
        double[] values = space.defaults();
        for (Map.Entry<String, Double> o : overrides.entrySet()) values[atNode(at, () -> space.indexOf(name, o.getKey()))] = o.getValue();
        PolicySpec.Vector vector = atNode(at, () -> new PolicySpec.Vector(name, space, values));
        return new PolicySpec(label != null ? label : PolicySources.label(name, space, values), null, origin, null, null, null, vector);
    }

    static JsonNode jsonTree(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw BadInputException.at(file.toString(), "no such file");
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }


    /** Objectives of the offline optimiser (ScheduleObjective). */
    public static final List<String> OPTIMUM_OBJECTIVES = List.of("lexicographic", "weighted", "worst_model_miss_rate", "max:xr_score");

    /** CP-SAT's deterministic units per certification solve when a spec or {@code --certify-limit} gives none. */
    public static final double DEFAULT_CERTIFY_LIMIT = 5;

    /** Fails unless {@code params} only names parameters of the scheduler's space. */
    static void parameterNames(SpecNode params, String scheduler) {
        String[] allowed = Schedulers.space(scheduler).parameters().stream().map(Parameter::name).toArray(String[]::new);
        if (allowed.length == 0 && params.isMapping() && params.raw().size() > 0) {
            throw params.error("scheduler '" + scheduler + "' has no tunable parameters");
        }
        params.allowOnly(allowed);
    }

    /** A parameter's value: a number, or for a categorical parameter the choice's name. */
    static double parameterValue(SpecNode node, String scheduler, String key) {
        if (!node.isText()) return node.number();
        Parameter p = Schedulers.space(scheduler).get(Schedulers.space(scheduler).indexOf(scheduler, key));
        Double v = p.isCategorical() ? p.parse(node.text()) : null;
        if (v == null) throw node.error(p.isCategorical() ? "expected one of " + p.categories() : "expected a number");
        return v;
    }

    static String checkedName(SpecNode at, String name) {
        List<String> allowed = Schedulers.allNames().stream().filter(n -> !Schedulers.needsPredictor(n)).toList();
        if (!allowed.contains(name)) throw at.error("unknown scheduler '" + name + "'; allowed: " + String.join(", ", allowed));
        return name;
    }

    static Policy scheduler(SpecNode at, String name, Map<String, Double> overrides) {
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


    static List<Double> positives(SpecNode list) {
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
