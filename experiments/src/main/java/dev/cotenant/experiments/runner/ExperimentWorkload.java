package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SpecSetting;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.setting.MocaSetting;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.setting.TracePoint;

import java.util.List;

/**
 * An experiment's {@link Setting}, built once by the spec's {@link SpecSetting} (latency tables
 * loaded or generated), and the sweep expanded into its points. Every trace is a function of the
 * spec and its point alone (seeded generators), which is what makes a point a pure function that
 * can be rerun, skipped or shipped elsewhere.
 */
public final class ExperimentWorkload {
    private final SpecSetting.Built built;

    public ExperimentWorkload(ExperimentSpec spec) {
        built = SpecSetting.byName(spec.workload().setting()).build(spec);
    }

    public Setting setting() { return built.setting(); }

    /** Every point of the sweep, in metrics.csv order: workload-major, then load, then SLO multiplier, then seed. */
    public List<SweepPoint> points() { return built.points(); }

    /** The point as its setting reads it. */
    public TracePoint tracePoint(SweepPoint p) { return built.tracePoints().apply(p); }

    /** Time-multiplexed: the latency tables (null for another setting). */
    public LatencyDirectory directory() { return setting() instanceof TimeMultiplexedSetting tm ? tm.directory() : null; }

    /**
     * Time-multiplexed: requests per second at offered load 1 (Poisson: the rate that keeps the
     * accelerator busy on average; periodic: the streams' mean request rate scaled to load 1); NaN otherwise.
     */
    public double ratePerSecondAtFullLoad() {
        return setting() instanceof TimeMultiplexedSetting tm ? tm.requestsPerSecondAtFullLoad() : Double.NaN;
    }

    /** Time-multiplexed: the point's trace, compiled for the kernel. */
    public CompiledTrace trace(SweepPoint p) {
        return ((TimeMultiplexedSetting) setting()).compile(List.of(tracePoint(p))).get(0);
    }

    /** MoCA: the trace of a point (for outputs beyond the metrics, such as per-request rows). */
    public MocaTrace mocaTrace(SweepPoint p) { return MocaSetting.trace(tracePoint(p)); }
}
