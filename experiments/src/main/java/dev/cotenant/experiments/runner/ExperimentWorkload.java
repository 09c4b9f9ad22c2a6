package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The latency tables of an experiment, loaded or generated once, and the sweep expanded into its
 * points. Every trace is a function of the spec and its point alone (the seeded generator), which
 * is what makes a point a pure function that can be rerun, skipped or shipped elsewhere.
 */
public final class ExperimentWorkload {
    /** Priority levels of the Sparse-DySta artifact's generator, for workloads that are not scenarios. */
    static final double[] PUBLISHED_PRIORITIES = {1, 3, 9};

    private final ExperimentSpec spec;
    private final Scenario scenario;
    private final LatencyDirectory directory;
    private final CompiledWorkload compiled;
    private final double ratePerSecondAtFullLoad;
    private final double[] priorities;

    public ExperimentWorkload(ExperimentSpec spec) {
        this.spec = spec;
        ExperimentSpec.WorkloadSpec w = spec.workload();
        switch (w.source()) {
            case SCENARIO -> {
                scenario = Scenarios.byName(w.sourceName());
                directory = Scenarios.latencyDirectoryWithSanger(scenario, w.samplesPerModel());
                priorities = scenario.priorities().stream().mapToDouble(Double::doubleValue).toArray();
            }
            case BUILTIN -> {
                scenario = null;
                directory = BuiltinLatencyDirectories.load(w.sourceName());
                priorities = PUBLISHED_PRIORITIES;
            }
            default -> {
                scenario = null;
                directory = LatencyCsv.loadDirectory(Path.of(w.sourceName()), w.sangerSequenceLength());
                priorities = PUBLISHED_PRIORITIES;
            }
        }
        compiled = new CompiledWorkload(directory);
        // The load-to-rate rule lives in Scenarios; a stand-in scenario at load 1 gives the rate per unit of load.
        ratePerSecondAtFullLoad = Scenarios.arrivalRatePerSecond(
                new Scenario("unit-load", "", List.of(), List.of(), 1.0, 1, 1, List.of(1.0), 0),
                directory);
    }

    public LatencyDirectory directory() { return directory; }

    /** The priority levels requests are drawn from (the tuner's traces use the same). */
    public double[] priorities() { return priorities.clone(); }

    /** Requests per second that keep the accelerator fully busy on average (offered load 1). */
    public double ratePerSecondAtFullLoad() { return ratePerSecondAtFullLoad; }

    /** Every point of the sweep, in metrics.csv order: load-major, then SLO multiplier, then seed. */
    public List<SweepPoint> points() {
        ExperimentSpec.SweepSpec s = spec.sweep();
        List<SweepPoint> points = new ArrayList<>();
        for (double load : s.loads()) {
            double offeredLoad = s.loadAxis() == ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S ? load / ratePerSecondAtFullLoad : load;
            double rate = s.loadAxis() == ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S ? load : load * ratePerSecondAtFullLoad;
            List<double[]> slos = new ArrayList<>();
            if (s.sloMultipliers().isEmpty()) slos.add(new double[] {scenario.sloMultiplierMin(), scenario.sloMultiplierMax()});
            for (double m : s.sloMultipliers()) slos.add(new double[] {m, m});
            for (double[] slo : slos) {
                for (long seed : s.seeds()) points.add(new SweepPoint(points.size(), offeredLoad, rate, slo[0], slo[1], seed));
            }
        }
        return points;
    }

    /** The point's trace, compiled for the kernel. */
    public CompiledTrace trace(SweepPoint p) {
        return new CompiledTrace(compiled, PoissonTraceGenerator.generate(directory, spec.workload().requests(), p.arrivalRatePerSecond(),
                p.sloMultiplierMin(), p.sloMultiplierMax(), priorities, p.seed()));
    }
}
