package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.setting.MocaSetting;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.setting.TracePoint;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's {@link Setting}, built once (latency tables loaded or generated), and the sweep
 * expanded into its points. Every trace is a function of the spec and its point alone (seeded
 * generators), which is what makes a point a pure function that can be rerun, skipped or shipped
 * elsewhere.
 */
public final class ExperimentWorkload {
    private final ExperimentSpec spec;
    private final Setting setting;
    /** Time-multiplexed only (else null / NaN / false). */
    private final Scenario scenario;
    private final LatencyDirectory directory;
    private final double ratePerSecondAtFullLoad;
    private final boolean periodic;
    /** MoCA: the column label of each workload (set letter, or a trace file's name) and what the setting reads (letter or path). */
    private final Map<String, String> workloadByLabel = new LinkedHashMap<>();

    public ExperimentWorkload(ExperimentSpec spec) {
        this.spec = spec;
        ExperimentSpec.WorkloadSpec w = spec.workload();
        double[] priorities = TimeMultiplexedSetting.publishedPriorities();
        switch (w.source()) {
            case MOCA -> {
                scenario = null;
                directory = null;
                ratePerSecondAtFullLoad = Double.NaN;
                periodic = false;
                for (String workload : w.workloads()) workloadByLabel.put(label(workload), workload);
                setting = new MocaSetting(w.artifactRuntime());
                return;
            }
            case SCENARIO -> {
                scenario = Scenarios.byName(w.sourceName());
                directory = Scenarios.latencyDirectoryWithSanger(scenario, w.samplesPerModel());
                priorities = scenario.priorities().stream().mapToDouble(Double::doubleValue).toArray();
            }
            case BUILTIN -> {
                scenario = null;
                directory = BuiltinLatencyDirectories.load(w.sourceName());
            }
            default -> {
                scenario = null;
                directory = LatencyCsv.loadDirectory(Path.of(w.sourceName()), w.sangerSequenceLength());
            }
        }
        String label = w.source().name().toLowerCase(java.util.Locale.ROOT) + " " + w.sourceName();
        periodic = scenario != null && scenario.isPeriodic();
        // a periodic scenario's drop rule is already in spec.kernel() (SpecReader resolves it, a kernel.drop key overrides it)
        TimeMultiplexedSetting tm = periodic ? TimeMultiplexedSetting.periodic(scenario, directory, spec.kernel(), spec.kernel().drop(), label)
                : new TimeMultiplexedSetting(directory, priorities, spec.kernel(), label);
        setting = tm;
        ratePerSecondAtFullLoad = tm.requestsPerSecondAtFullLoad();
        for (String file : w.workloads()) workloadByLabel.put(label(file), file);
    }

    /** A MoCA workload's column value: a set letter as is, a trace file by its name. */
    public static String label(String workload) {
        return MocaSetting.isSet(workload) ? workload : Path.of(workload).getFileName().toString();
    }

    public Setting setting() { return setting; }

    /** Time-multiplexed: the latency tables (null for another setting). */
    public LatencyDirectory directory() { return directory; }

    /**
     * Time-multiplexed: requests per second at offered load 1 (Poisson: the rate that keeps the
     * accelerator busy on average; periodic: the streams' mean request rate scaled to load 1); NaN otherwise.
     */
    public double ratePerSecondAtFullLoad() { return ratePerSecondAtFullLoad; }

    /** Every point of the sweep, in metrics.csv order: workload-major, then load, then SLO multiplier, then seed. */
    public List<SweepPoint> points() {
        ExperimentSpec.SweepSpec s = spec.sweep();
        List<SweepPoint> points = new ArrayList<>();
        if (setting instanceof TimeMultiplexedSetting tm && !workloadByLabel.isEmpty()) {
            // trace files as they are: one point each, its load the file's own mean arrival rate
            for (Map.Entry<String, String> f : workloadByLabel.entrySet()) {
                CompiledTrace trace = tm.compile(List.of(fileTracePoint(f.getValue()))).get(0);
                double span = trace.size() < 2 ? 0 : trace.arrivalSeconds(trace.size() - 1) - trace.arrivalSeconds(0);
                double rate = span > 0 ? (trace.size() - 1) / span : Double.NaN;
                points.add(new SweepPoint(points.size(), rate / ratePerSecondAtFullLoad, rate, Double.NaN, Double.NaN, 0, f.getKey()));
            }
            return points;
        }
        List<String> workloads = workloadByLabel.isEmpty() ? List.of("") : List.copyOf(workloadByLabel.keySet());
        for (String workload : workloads) {
            // MoCA without loads: each trace as generated, its own offered load in the column
            List<Double> loads = s.loads().isEmpty() ? List.of(Double.NaN) : s.loads();
            // a periodic scenario at its nominal frame rates (load NaN): the load those rates offer, so the rate scale is exactly 1
            if (periodic) loads = loads.stream().map(l -> Double.isNaN(l) ? ((TimeMultiplexedSetting) setting).nominalLoad() : l).toList();
            for (double load : loads) {
                List<double[]> slos = new ArrayList<>();
                if (s.sloMultipliers().isEmpty()) slos.add(new double[] {scenario.sloMultiplierMin(), scenario.sloMultiplierMax()});
                for (double m : s.sloMultipliers()) slos.add(new double[] {m, m});
                for (double[] slo : slos) {
                    for (long seed : s.seeds()) {
                        int index = points.size();
                        if (!workload.isEmpty()) {
                            double offered = Double.isNaN(load) ? MocaSetting.trace(tracePoint(workload, seed, load, slo)).offeredLoad() : load;
                            points.add(new SweepPoint(index, offered, Double.NaN, slo[0], slo[1], seed, workload));
                            continue;
                        }
                        boolean rateAxis = s.loadAxis() == ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S;
                        points.add(new SweepPoint(index, rateAxis ? load / ratePerSecondAtFullLoad : load,
                                rateAxis ? load : load * ratePerSecondAtFullLoad, slo[0], slo[1], seed));
                    }
                }
            }
        }
        return points;
    }

    /**
     * The point as its setting reads it: arrivals per second on the time-multiplexed setting (the
     * offered load for a periodic scenario), MoCA's offered load (NaN: as generated).
     */
    public TracePoint tracePoint(SweepPoint p) {
        if (setting instanceof TimeMultiplexedSetting && !p.workload().isEmpty()) return fileTracePoint(workloadByLabel.get(p.workload()));
        if (p.workload().isEmpty()) {
            return new TracePoint("", p.seed(), periodic ? p.offeredLoad() : p.arrivalRatePerSecond(), p.sloMultiplierMin(),
                    p.sloMultiplierMax(), spec.workload().requests());
        }
        double load = spec.sweep().loads().isEmpty() ? Double.NaN : p.offeredLoad();
        return tracePoint(p.workload(), p.seed(), load, new double[] {p.sloMultiplierMin(), p.sloMultiplierMax()});
    }

    /** A time-multiplexed trace file: the setting reads the file, so seed, load and SLO multipliers are not used. */
    private static TracePoint fileTracePoint(String file) { return new TracePoint(file, 0, Double.NaN, Double.NaN, Double.NaN, 0); }

    private TracePoint tracePoint(String label, long seed, double load, double[] slo) {
        return new TracePoint(workloadByLabel.get(label), seed, load, slo[0], slo[1], spec.workload().requests());
    }

    /** Time-multiplexed: the point's trace, compiled for the kernel. */
    public CompiledTrace trace(SweepPoint p) {
        return ((TimeMultiplexedSetting) setting).compile(List.of(tracePoint(p))).get(0);
    }

    /** MoCA: the trace of a point (for outputs beyond the metrics, such as per-request rows). */
    public MocaTrace mocaTrace(SweepPoint p) { return MocaSetting.trace(tracePoint(p)); }
}
