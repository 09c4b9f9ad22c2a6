package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cotenant.search.optimal.moca.MocaOptimum;
import dev.cotenant.search.tune.TraceDistribution;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;
import dev.cotenant.simulator.moca.MocaSet;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.setting.MocaSetting;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TracePoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The multi-tile setting ({@link MocaSetting}) in a spec: {@code workload: {setting: moca, sets: [a, b, c]}}
 * or {@code traces: [FILE, ...]}, optionally {@code artifact_runtime}; a sweep of offered loads (absent:
 * each trace as generated), QoS scales ({@code slo_multiplier}) and generator seeds, with MoCA's defaults.
 */
public final class MocaSpec implements SpecSetting {
    static final String NAME = MocaSetting.NAME;

    @Override
    public String name() { return NAME; }

    @Override
    public List<String> aliases() { return List.of("multi-tile"); }

    /** The one MoCA setting object a spec is checked against (its metrics and policy spaces do not depend on the runtime). */
    private static final MocaSetting MOCA = new MocaSetting(false);

    /** {@code setting: moca}: generator sets ({@code sets}) or trace files ({@code traces}), and the runtime. */
    @Override
    public ExperimentSpec.WorkloadSpec workload(SpecNode w, Path baseDir) {
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
                SpecReader.atNode(t, () -> MocaTraces.read(file)); // a bad trace is refused before any folder is made
                String label = file.getFileName().toString();
                String problem = PolicySpec.labelProblem(label, labels);
                if (problem != null) throw t.error("trace file name: " + problem);
                workloads.add(file.toString());
            }
        }
        return workload(workloads, MocaTraces.REQUESTS, w.bool("artifact_runtime", false));
    }

    /** MoCA's QoS target scales (high, medium, low): the default SLO multipliers of a MoCA sweep. */
    private static final List<Double> MOCA_QOS_SCALES = java.util.Arrays.stream(MocaTraces.Qos.values()).map(MocaSpec::scale).toList();

    /** The QoS target scale of scenario moca-SET-QOS: its SLO multiplier. */
    public static double qosScale(String scenario) { return scale(MocaTraces.qosOf(scenario)); }

    /** A QoS level's target scale as a decimal: 0.8, not the artifact's 0.8f widened (the generator reads it as a float). */
    private static double scale(MocaTraces.Qos qos) { return Double.parseDouble(Float.toString(qos.targetScale())); }

    /** The seed of MoCA's artifact generator: the default, giving the artifact's own traces. */
    private static final long MOCA_ARTIFACT_SEED = 777;

    /** A MoCA sweep: offered loads (absent: each trace as generated), QoS scales and generator seeds, with MoCA's defaults. */
    @Override
    public ExperimentSpec.SweepSpec sweep(SpecNode s, ExperimentSpec.WorkloadSpec workload) {
        s.allowOnly("offered_load", "slo_multiplier", "seeds");
        List<Double> loads = s.has("offered_load") ? SpecReader.positives(s.get("offered_load")) : List.of();
        boolean files = !MocaSetting.isSet(workload.workloads().get(0));
        for (String key : List.of("slo_multiplier", "seeds")) {
            // a trace file carries its own targets and arrivals: only a load scaling applies to it
            if (files && s.has(key)) throw s.get(key).error("applies to MoCA's generator sets, not to trace files");
        }
        List<Double> slo = files ? List.of(1.0) : s.has("slo_multiplier") ? SpecReader.positives(s.get("slo_multiplier")) : MOCA_QOS_SCALES;
        List<Long> seeds = files ? List.of(0L) : s.has("seeds") ? SpecReader.seeds(s) : List.of(MOCA_ARTIFACT_SEED);
        return new ExperimentSpec.SweepSpec(loads.isEmpty() ? ExperimentSpec.LoadAxis.SCENARIO : ExperimentSpec.LoadAxis.OFFERED_LOAD,
                loads, slo, seeds);
    }

    /** A MoCA workload as a spec's {@code workload} block gives it (for spec builders such as moca-optimal). */
    public static ExperimentSpec.WorkloadSpec workload(List<String> workloads, int requests, boolean artifactRuntime) {
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("artifact_runtime", artifactRuntime);
        return new ExperimentSpec.WorkloadSpec(NAME, null, "", 0, requests, 0, workloads, options);
    }

    @Override
    public ParameterSpace space(String policy) { return MOCA.space(policy); }

    @Override
    public Set<Metric> metrics() { return MOCA.metrics(); }

    @Override
    public List<Metric> defaultMetrics() { return List.of(Metric.SLA_SATISFACTION, Metric.MOCA_STP, Metric.FAIRNESS); }

    @Override
    public Built build(ExperimentSpec spec) {
        Setting setting = setting(spec.workload());
        // the column label of each workload (set letter, or a trace file's name) and what the setting reads (letter or path)
        Map<String, String> byLabel = new LinkedHashMap<>();
        for (String workload : spec.workload().workloads()) byLabel.put(label(workload), workload);
        ExperimentSpec.SweepSpec s = spec.sweep();
        List<SweepPoint> points = new ArrayList<>();
        for (Map.Entry<String, String> w : byLabel.entrySet()) {
            // without loads: each trace as generated, its own offered load in the column
            for (double load : s.loads().isEmpty() ? List.of(Double.NaN) : s.loads()) {
                for (double slo : s.sloMultipliers()) {
                    for (long seed : s.seeds()) {
                        double offered = Double.isNaN(load) ? MocaSetting.trace(tracePoint(spec, w.getValue(), seed, load, slo)).offeredLoad() : load;
                        points.add(new SweepPoint(points.size(), offered, Double.NaN, slo, slo, seed, w.getKey()));
                    }
                }
            }
        }
        return new Built(setting, points, p -> tracePoint(spec, byLabel.get(p.workload()), p.seed(), s.loads().isEmpty() ? Double.NaN : p.offeredLoad(),
                p.sloMultiplierMin()));
    }

    private static TracePoint tracePoint(ExperimentSpec spec, String workload, long seed, double load, double slo) {
        return new TracePoint(workload, seed, load, slo, spec.workload().requests());
    }

    /** A workload's column value: a set letter as is, a trace file by its name. */
    static String label(String workload) {
        return MocaSetting.isSet(workload) ? workload : Path.of(workload).getFileName().toString();
    }

    private static MocaSetting setting(ExperimentSpec.WorkloadSpec w) {
        return new MocaSetting(w.options().path("artifact_runtime").asBoolean());
    }

    /** The artifact's traces, moca-SET-QOS. */
    @Override
    public List<String> scenarios() { return MocaTraces.scenarioNames(); }

    /**
     * {@code cotenant tune} on a MoCA scenario: traces of MoCA's generator for its set from seeds the tuner draws, at
     * offered loads (default: the artifact trace's own) and QoS scales (default: the scenario's).
     */
    @Override
    public Tuning tuning(TuneOptions o) {
        if (o.arrivalRatesPerSecond() != null) throw BadInputException.setting("arrival_rate_per_s", "a MoCA scenario's traces are spaced by offered load: give --loads");
        if (o.requests() != null && o.requests() != MocaTraces.REQUESTS) {
            throw BadInputException.setting("requests", "MoCA's traces have " + MocaTraces.REQUESTS + " requests, got " + o.requests());
        }
        if (o.racing()) throw BadInputException.setting("racing", "not available for the multi-tile setting");
        if (o.traces() != null) throw BadInputException.setting("traces", "applies to the time-multiplexed setting; run MoCA trace files with 'cotenant moca --trace'");
        MocaSet set = MocaTraces.setOf(o.scenario());
        ExperimentSpec.WorkloadSpec w = workload(List.of(set.letter()), MocaTraces.REQUESTS, o.artifactRuntime());
        double load = MocaTraces.scenario(o.scenario()).offeredLoad(), scale = qosScale(o.scenario());
        double[] loads = o.offeredLoads() != null ? o.offeredLoads() : new double[] {load, load};
        double[] slo = o.sloMultipliers() != null ? o.sloMultipliers() : new double[] {scale, scale};
        return new Tuning(setting(w), new TraceDistribution(loads[0], loads[1], slo[0], slo[1], w.requests(), w.workloads().get(0)),
                "MoCA scenario " + o.scenario() + " (set " + set.name() + ", generator seeds drawn by the tuner)",
                o.artifactRuntime() ? "MoCA runtime as written" : "MoCA physical runtime");
    }

    /**
     * An {@code optimum} entry searches each trace's best plan ({@link MocaOptimum}): every online policy of the spec run,
     * the best of those on sub-groups seeding the search (each trace single-threaded, so the plans do not depend on
     * {@code threads}). It has no contender: its row is the best plan measured by MoCA's metric code, then the bound no
     * schedule beats.
     */
    @Override
    public Batch batch(ExperimentSpec spec, Setting setting, List<SweepPoint> points, List<TracePoint> tracePoints, int threads, OptimumSink sink) {
        List<Setting.Contender> contenders = new ArrayList<>();
        List<List<List<ExtraRow>>> extraRows = new ArrayList<>();
        int stoppedByTime = 0;
        List<String> online = spec.policies().stream().filter(p -> !p.isOptimum()).map(PolicySpec::schedulerName).toList();
        for (PolicySpec entry : spec.policies()) {
            List<List<ExtraRow>> rows = new ArrayList<>();
            extraRows.add(rows);
            contenders.add(entry.isOptimum() ? null : new Setting.PolicyVector(entry.schedulerName(), entry.parameters()));
            if (!entry.isOptimum()) continue;
            if (((MocaSetting) setting).artifactRuntime()) throw BadInputException.at(entry.label(), "MoCA's plan search runs the physical runtime only");
            List<MocaOptimum.TraceResult> results = MocaOptimum.solveAll(tracePoints.stream().map(MocaSetting::trace).toList(), online,
                    entry.optimum().planSettings(), entry.optimum().planCertification(), threads);
            for (int t = 0; t < results.size(); t++) {
                MocaOptimum.TraceResult r = results.get(t);
                if (r.search().stoppedByTimeLimit()) stoppedByTime++;
                sink.keep(entry.label(), points.get(t).index(), OptimumArtefacts.planFiles(r));
                double[] values = new double[MetricCalculator.METRIC_COUNT], bound = new double[MetricCalculator.METRIC_COUNT];
                for (Metric m : Metric.values()) values[m.ordinal()] = MocaSetting.value(r.bestMetrics(), m);
                Arrays.fill(bound, Double.NaN);
                double weights = IntStream.range(0, r.trace().size()).map(i -> r.trace().priorityLevel(i) + 1).sum();
                values[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = r.best().weightedMisses() / weights;
                bound[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = r.bound().weightedMisses() / weights;
                rows.add(List.of(new ExtraRow("", values), new ExtraRow(PolicySpec.RELAXATION_BOUND_SUFFIX, bound)));
            }
        }
        return new Batch(setting.open(tracePoints, threads), contenders, extraRows, stoppedByTime);
    }
}
