package dev.cotenant.simulator.setting;

import dev.cotenant.simulator.evaluate.BatchEvaluator;
import dev.cotenant.simulator.evaluate.MetricMatrix;
import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.kernel.Candidate;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PeriodicStream;
import dev.cotenant.simulator.trace.PeriodicTraceGenerator;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.trace.TraceCsv;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The time-multiplexed setting (one sparse accelerator, Sparse-DySta's kernel): a point's trace is
 * the Poisson generator's over the latency directory at the point's rate or, for a periodic
 * workload ({@code streams} not empty), the periodic generator's at the point's offered load
 * (frame rates scaled by {@link Scenarios#rateScale(double, double)}), or the trace file the
 * point names as its workload ({@code TraceCsv}, models resolved in the directory); contenders run
 * through {@link BatchEvaluator}, the kernel's one evaluation loop. Besides policy vectors it runs
 * {@link KernelContender}s: a policy carrying a trained predictor, or a schedule made for each
 * trace (the offline optimum's layer plans).
 *
 * @param priorities priority levels Poisson requests draw from uniformly (a periodic stream carries its own)
 * @param options    the kernel's switches; a periodic scenario's drop rule belongs here ({@link #periodic})
 * @param dataLabel  where the latency directory came from, for result files
 * @param streams    a periodic workload's streams; empty for Poisson arrivals. It decides the unit of
 *                   {@link TracePoint#load()}: arrivals per second (Poisson) or offered load (periodic)
 */
public record TimeMultiplexedSetting(LatencyDirectory directory, double[] priorities, KernelOptions options, String dataLabel,
                                     List<PeriodicStream> streams) implements Setting {
    public static final String NAME = "time-multiplexed";

    /** The Sparse-DySta artifact generator's priority levels, for workloads that are not scenarios (a fresh copy). */
    public static double[] publishedPriorities() { return new double[] {1, 3, 9}; }

    /** Anything the kernel can run; made by the caller for the traces of {@link #compile}. */
    public record KernelContender(Candidate candidate) implements Contender {}

    /** A setting of Poisson arrivals. */
    public TimeMultiplexedSetting(LatencyDirectory directory, double[] priorities, KernelOptions options, String dataLabel) {
        this(directory, priorities, options, dataLabel, List.of());
    }

    public TimeMultiplexedSetting {
        priorities = priorities.clone();
        streams = List.copyOf(streams);
        if (!streams.isEmpty()) Scenarios.nominalLoad(streams, directory, dataLabel); // bad streams refused here, not mid-run
    }

    /**
     * The setting of a periodic scenario: its streams over {@code directory}, with the scenario's
     * drop rule in {@code options} unless {@code dropOverride} names another (null: the scenario's).
     */
    public static TimeMultiplexedSetting periodic(Scenario scenario, LatencyDirectory directory, KernelOptions options,
                                                  DropRule dropOverride, String dataLabel) {
        if (!scenario.isPeriodic()) throw new IllegalArgumentException(scenario.name() + " is not periodic");
        return new TimeMultiplexedSetting(directory, new double[] {1}, options.withDrop(dropOverride == null ? scenario.drop() : dropOverride),
                dataLabel, scenario.streams());
    }

    /** True when traces are periodic and {@link TracePoint#load()} is an offered load. */
    public boolean isPeriodic() { return !streams.isEmpty(); }

    /** Periodic: the offered load at the streams' nominal frame rates (what rate scale 1 gives); NaN for Poisson. */
    public double nominalLoad() {
        return isPeriodic() ? Scenarios.nominalLoad(streams, directory, dataLabel) : Double.NaN;
    }

    /**
     * Requests per second at offered load 1: Poisson, the rate that keeps the accelerator busy on
     * average; periodic, the streams' mean request rate once scaled to load 1 (a column to read, not
     * what drives the generator).
     */
    public double requestsPerSecondAtFullLoad() {
        if (!isPeriodic()) return ratePerSecondAtFullLoad(directory);
        return Scenarios.nominalRequestsPerSecond(streams) * Scenarios.rateScale(1.0, nominalLoad());
    }

    @Override
    public double[] priorities() { return priorities.clone(); }

    @Override
    public String name() { return NAME; }

    @Override
    public ParameterSpace space(String policy) { return Schedulers.space(policy); }

    @Override
    public List<String> baselines() { return Schedulers.names(); }

    /** What {@code MetricCalculator} computes: every metric but MoCA's own forms. */
    public static final Set<Metric> METRICS = java.util.Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(
            Metric.MOCA_STP, Metric.MOCA_STP_AS_WRITTEN, Metric.MOCA_FAIRNESS_AS_WRITTEN, Metric.SLA_SATISFACTION_PRIORITY_9_11)));

    @Override
    public Set<Metric> metrics() { return METRICS; }

    @Override
    public String describe() {
        return "time-multiplexed kernel " + options + " on " + dataLabel + (isPeriodic() ? " (periodic streams)" : "");
    }

    /** Requests per second that keep one accelerator busy on average (offered load 1), models picked uniformly. */
    public static double ratePerSecondAtFullLoad(LatencyDirectory directory) {
        // The load-to-rate rule lives in Scenarios; a stand-in scenario at load 1 gives the rate per unit of load.
        return Scenarios.arrivalRatePerSecond(new Scenario("unit-load", "", List.of(), List.of(), 1.0, 1, 1, List.of(1.0), 0), directory);
    }

    /** The traces of {@code points}, compiled for the kernel: what a {@link KernelContender} made per trace is made for. */
    public List<CompiledTrace> compile(List<TracePoint> points) {
        CompiledWorkload workload = new CompiledWorkload(directory);
        List<CompiledTrace> traces = new ArrayList<>(points.size());
        double nominalLoad = nominalLoad();
        for (TracePoint p : points) {
            // a point naming a trace file runs that file as it is: its arrivals, priorities and targets;
            // periodic: deadlines come from the streams, so the point's SLO multipliers do not apply
            Trace trace = !p.workload().isEmpty() ? TraceCsv.read(Path.of(p.workload()), directory)
                    : isPeriodic()
                    ? PeriodicTraceGenerator.generate(directory, streams, Scenarios.rateScale(p.load(), nominalLoad), p.requestCount(), p.seed())
                    : PoissonTraceGenerator.generate(directory, p.requestCount(), p.load(), p.sloMultiplierMin(), p.sloMultiplierMax(),
                            priorities, p.seed());
            traces.add(new CompiledTrace(workload, trace));
        }
        return traces;
    }

    @Override
    public Session open(List<TracePoint> points, int threads) { return openCompiled(compile(points), threads); }

    /** A session over traces {@link #compile} made, for callers that also build per-trace schedules from them. */
    public Session openCompiled(List<CompiledTrace> traces, int threads) {
        BatchEvaluator evaluator = new BatchEvaluator(traces, options, threads);
        return new Session() {
            @Override
            public int traceCount() { return evaluator.traceCount(); }

            @Override
            public int requestCount(int trace) { return traces.get(trace).size(); }

            @Override
            public Metrics evaluate(List<? extends Contender> contenders, Racing racing) {
                List<Candidate> candidates = contenders.stream().map(TimeMultiplexedSetting::candidate).toList();
                MetricMatrix m = racing == null ? evaluator.evaluate(candidates) : evaluator.evaluate(candidates, racing);
                return new Metrics() {
                    @Override
                    public double get(int contender, int trace, Metric metric) { return m.get(contender, trace, metric); }

                    @Override
                    public int tracesRun(int contender) { return m.tracesEvaluated(contender); }
                };
            }

            @Override
            public void close() { evaluator.close(); }
        };
    }

    private static Candidate candidate(Contender c) {
        if (c instanceof PolicyVector v) return Policy.of(v.policy(), v.parameters());
        if (c instanceof KernelContender k) return k.candidate();
        throw new IllegalArgumentException("the time-multiplexed setting cannot run " + c);
    }
}
