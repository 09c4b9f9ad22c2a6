package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A validated experiment: where the requests and latencies come from, the kernel switches, the
 * policies to compare, the sweep axes and the metrics to report. Immutable; {@link SpecReader}
 * builds it from YAML. {@link #toJson()} is its canonical, fully resolved form (best.json files
 * read, defaults filled): what the manifest records and what {@link #sha256()} fingerprints, so a
 * result folder can tell whether it holds this experiment's results.
 *
 * @param paper which figure or table of a seed paper the experiment corresponds to (free text)
 * @param metrics the metrics the report tabulates and charts (metrics.csv always holds all of them)
 */
public record ExperimentSpec(String name, String title, String paper, String description, WorkloadSpec workload,
                             KernelOptions kernel, List<PolicySpec> policies, SweepSpec sweep, List<Metric> metrics) {

    /** Where a time-multiplexed workload's latency tables come from (null for a setting without tables). */
    public enum Source { SCENARIO, BUILTIN, LATENCY_DIR, STREAMS }

    /**
     * A spec's workload block as its setting ({@link SpecSetting}) read it.
     *
     * @param setting              the setting's name ({@code workload.setting})
     * @param source               time-multiplexed: where the latency tables come from (STREAMS: generated for the
     *                             networks of the streams in {@code options}); null for a setting without tables
     * @param sourceName           scenario name, built-in directory name, or the latency directory's path
     * @param samplesPerModel      samples per model when tables are generated
     * @param requests             requests per trace (one trace per sweep point)
     * @param sangerSequenceLength tokens, for Sanger-layout CSVs of a latency directory
     * @param workloads            the workload axis: MoCA's generator sets ({@code a}, {@code b}, {@code c}) or trace file
     *                             paths run as they are (empty: one workload, traces generated per point)
     * @param options              the setting's own resolved keys (MoCA's {@code artifact_runtime}, declared streams),
     *                             in their canonical JSON form; empty when it has none
     */
    public record WorkloadSpec(String setting, Source source, String sourceName, int samplesPerModel, int requests, int sangerSequenceLength,
                               List<String> workloads, ObjectNode options) implements java.io.Serializable {
        public WorkloadSpec {
            workloads = List.copyOf(workloads);
            options = options == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : options.deepCopy();
        }

        /** A workload of the time-multiplexed setting: tables from {@code source}, Poisson or periodic traces, or trace files. */
        public WorkloadSpec(Source source, String sourceName, int samplesPerModel, int requests, int sangerSequenceLength, List<String> traces) {
            this(TimeMultiplexedSpec.NAME, source, sourceName, samplesPerModel, requests, sangerSequenceLength, traces, null);
        }

        /** A workload of the time-multiplexed setting whose traces are generated per point. */
        public WorkloadSpec(Source source, String sourceName, int samplesPerModel, int requests, int sangerSequenceLength) {
            this(source, sourceName, samplesPerModel, requests, sangerSequenceLength, List.of());
        }

        @Override
        public ObjectNode options() { return options.deepCopy(); }

        /** The same workload with other sizes (quick runs, tests). */
        public WorkloadSpec resized(int samples, int requestCount) {
            return new WorkloadSpec(setting, source, sourceName, samples, requestCount, sangerSequenceLength, workloads, options);
        }
    }

    /** How the arrival-rate axis is given. */
    public enum LoadAxis {
        /** Offered load (busy fraction of the accelerator); the rate follows from the tables' mean isolated latency. */
        OFFERED_LOAD,
        /** Requests per second, as Sparse-DySta's Fig. 15. */
        ARRIVAL_RATE_PER_S,
        /** The scenario's own offered load (a single value); for MoCA, each trace as generated (no value). */
        SCENARIO
    }

    /**
     * @param loads          offered loads or arrival rates (per second), by {@code loadAxis}; one value for SCENARIO
     * @param sloMultipliers target latency over the architecture's mean isolated latency; empty = the scenario's range
     * @param seeds          trace seeds: every (load, SLO) point is run once per seed
     */
    public record SweepSpec(LoadAxis loadAxis, List<Double> loads, List<Double> sloMultipliers, List<Long> seeds) implements java.io.Serializable {
        public SweepSpec {
            loads = List.copyOf(loads);
            sloMultipliers = List.copyOf(sloMultipliers);
            seeds = List.copyOf(seeds);
        }

        /** Points per workload: loads (at least the one as-generated) x SLO multipliers x seeds. */
        public int pointCount() { return Math.max(1, loads.size()) * Math.max(1, sloMultipliers.size()) * seeds.size(); }
    }

    /** Every point of the sweep, over all workloads (MoCA's sets or trace files). */
    public long pointCount() { return (long) Math.max(1, workload.workloads().size()) * sweep.pointCount(); }

    public ExperimentSpec {
        policies = List.copyOf(policies);
        metrics = List.copyOf(metrics);
    }

    /** Requests, samples and axis values kept for a run of seconds (tests, CI, {@code --quick}). */
    public static final int QUICK_MAX_REQUESTS = 300;
    public static final int QUICK_MAX_SAMPLES = 16;
    public static final int QUICK_MAX_SEEDS = 2;
    public static final int QUICK_MAX_AXIS_VALUES = 3;

    /**
     * The same experiment shrunk to run in seconds: at most {@value #QUICK_MAX_REQUESTS} requests,
     * {@value #QUICK_MAX_SAMPLES} samples per model, the first {@value #QUICK_MAX_SEEDS} seeds and the
     * first, middle and last value of each axis. Its fingerprint differs, so quick and full results
     * never mix in one folder.
     */
    public ExperimentSpec quick() {
        WorkloadSpec w = workload.resized(Math.min(workload.samplesPerModel(), QUICK_MAX_SAMPLES), Math.min(workload.requests(), QUICK_MAX_REQUESTS));
        SweepSpec s = new SweepSpec(sweep.loadAxis(), thin(sweep.loads()), thin(sweep.sloMultipliers()),
                sweep.seeds().subList(0, Math.min(QUICK_MAX_SEEDS, sweep.seeds().size())));
        List<PolicySpec> quickPolicies = new ArrayList<>();
        for (PolicySpec p : policies) {
            quickPolicies.add(new PolicySpec(p.label(), p.policy(), p.origin(), p.tuned() == null ? null : p.tuned().quick(),
                    p.learned() == null || p.learned().model() != null ? p.learned() : p.learned().quick(), p.optimum(), p.vector()));
        }
        return new ExperimentSpec(name, title + " (quick)", paper, description, w, kernel, quickPolicies, s, metrics);
    }

    private static <T> List<T> thin(List<T> values) {
        if (values.size() <= QUICK_MAX_AXIS_VALUES) return values;
        return List.of(values.get(0), values.get(values.size() / 2), values.get(values.size() - 1));
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The canonical resolved spec. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name).put("title", title).put("paper", paper).put("description", description);
        SpecSetting.byName(workload.setting()).canonical(workload, kernel, root);
        ArrayNode p = root.putArray("policies");
        for (PolicySpec policy : policies) {
            ObjectNode o = p.addObject();
            o.put("label", policy.label()).put("origin", policy.origin());
            if (policy.isOptimum()) {
                // The settings, not a result: an optimum row is computed per point, so it belongs to the fingerprint as settings.
                o.set("optimum", JSON.valueToTree(policy.optimum()));
                continue;
            }
            o.put("scheduler", policy.schedulerName());
            if (policy.tuned() != null) {
                // Tuned parameters are found at run start; the fingerprint holds how, the manifest the artefact's hash.
                o.set("tuned", JSON.valueToTree(policy.tuned()));
                continue;
            }
            if (policy.learned() != null) o.set("predictor", JSON.valueToTree(policy.learned()));
            ObjectNode params = o.putObject("parameters");
            double[] values = policy.parameters();
            for (int i = 0; i < values.length; i++) params.put(policy.space().get(i).name(), values[i]);
        }
        ObjectNode s = root.putObject("sweep");
        s.put("load_axis", sweep.loadAxis().name().toLowerCase());
        sweep.loads().forEach(s.putArray("loads")::add);
        sweep.sloMultipliers().forEach(s.putArray("slo_multiplier")::add);
        sweep.seeds().forEach(s.putArray("seeds")::add);
        ArrayNode m = root.putArray("metrics");
        metrics.forEach(metric -> m.add(metric.columnName()));
        return root;
    }

    /** SHA-256 of the canonical JSON: two specs with the same fingerprint produce the same metrics.csv. */
    public String sha256() {
        try {
            byte[] bytes = JSON.writeValueAsString(toJson()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The policy column's values of one point, in row order: every entry's label, plus an optimum's two bound rows. */
    public List<String> policyLabels() {
        List<String> labels = new ArrayList<>();
        for (PolicySpec p : policies) labels.addAll(p.rowLabels());
        return labels;
    }

    /** Labels of the rows that measure a schedule (no bound rows): what the charts draw. */
    public List<String> scheduleLabels() {
        List<String> labels = new ArrayList<>();
        for (PolicySpec p : policies) labels.add(p.label());
        return labels;
    }

    /** True when some entry is an offline optimum (its points take the optimiser's time, not only the kernel's). */
    public boolean hasOptimum() { return policies.stream().anyMatch(PolicySpec::isOptimum); }
}
