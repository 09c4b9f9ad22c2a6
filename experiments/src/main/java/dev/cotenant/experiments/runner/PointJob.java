package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.policy.Policy;

import dev.cotenant.experiments.spec.SpecSetting;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-point function of a sweep as plain values that can travel to another JVM (a Spark executor)
 * and rebuild there the same {@link PointEvaluator} the driver would run: the workload source, the
 * kernel switches, the sweep, and every entry as it was resolved on the driver (a tuned entry's found
 * vector, a learned entry's predictor as its text, an optimum's settings). Nothing refers to the
 * driver's result folder or its pools, so an executor needs no file the driver made; only a
 * {@code latency_dir} workload names a folder, which must be at the same path on every executor.
 *
 * <p>On the driver, {@link #of} keeps the driver's own spec and workload, so the local engine builds
 * nothing twice; a deserialised copy rebuilds them once per JVM on first use.
 */
public final class PointJob implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One policy entry as resolved: a schedule policy (scheduler, vector, optional predictor text) or an optimum's settings. */
    record Entry(String label, String origin, String scheduler, double[] parameters, String predictorText, String predictorSource,
                 PolicySpec.Optimum optimum, boolean vector) implements Serializable {}

    private final String experiment;
    private final ExperimentSpec.WorkloadSpec workload;
    private final KernelOptions kernel;
    private final ExperimentSpec.SweepSpec sweep;
    private final List<Metric> metrics;
    private final Entry[] entries;

    private transient volatile Built built;
    /** The driver's result folder, where optimum entries keep their per-point files; null on another JVM (not kept there). */
    private final transient java.nio.file.Path folder;
    /** Where the driver's optimum solves report their busy periods, or null; not shipped (an executor's would go nowhere useful). */
    private final transient java.io.PrintStream optimumLog;

    private record Built(ExperimentSpec spec, ExperimentWorkload workload) {}

    private PointJob(ExperimentSpec spec, Built built, java.nio.file.Path folder, java.io.PrintStream optimumLog) {
        this.folder = folder;
        this.optimumLog = optimumLog;
        experiment = spec.name();
        workload = spec.workload();
        kernel = spec.kernel();
        sweep = spec.sweep();
        metrics = spec.metrics();
        List<Entry> list = new ArrayList<>();
        for (PolicySpec p : spec.policies()) list.add(entry(p));
        entries = list.toArray(Entry[]::new);
        this.built = built;
    }

    /**
     * The job of a resolved spec (tuned and learned entries carry their artefact, {@link PolicyArtefacts})
     * whose workload the driver has already built.
     */
    public static PointJob of(ExperimentSpec resolved, ExperimentWorkload workload) { return of(resolved, workload, null, null); }

    /**
     * As {@link #of(ExperimentSpec, ExperimentWorkload)}, evaluated locally with optimum entries keeping their files in {@code folder}
     * and, with an {@code optimumLog}, reporting their busy periods there.
     */
    static PointJob of(ExperimentSpec resolved, ExperimentWorkload workload, java.nio.file.Path folder, java.io.PrintStream optimumLog) {
        return new PointJob(resolved, new Built(resolved, workload), folder, optimumLog);
    }

    private static Entry entry(PolicySpec p) {
        if (p.isOptimum()) return new Entry(p.label(), p.origin(), null, null, null, null, p.optimum(), false);
        if (p.vector() != null) { // a policy of another setting than the kernel's: name and vector are all it is
            return new Entry(p.label(), p.origin(), p.schedulerName(), p.parameters(), null, null, null, true);
        }
        Policy policy = p.policy();
        LearnedGamma gamma = policy.predictor();
        if (p.learned() != null && gamma == null) {
            throw new IllegalStateException(p.label() + ": a learned entry must be resolved (its predictor trained or loaded) before it is shipped");
        }
        return new Entry(p.label(), p.origin(), policy.schedulerName(), policy.parameters(), gamma == null ? null : gamma.predictor().toText(),
                gamma == null ? null : gamma.source(), null, false);
    }

    public String experiment() { return experiment; }

    /** Points to rows, as {@link PointEvaluator#evaluate}; a fresh evaluator per call so that concurrent tasks count their own solves. */
    public PointEvaluator newEvaluator() { return newEvaluator(driverSink()); }

    /** As {@link #newEvaluator()}, optimum entries keeping their files through {@code sink} (an executor's, which ships them back). */
    public PointEvaluator newEvaluator(SpecSetting.OptimumSink sink) {
        Built b = built();
        return new PointEvaluator(b.spec(), b.workload(), sink);
    }

    /** The driver's result folder and log for optimum entries' files and progress; a copy on another JVM has neither. */
    public OptimumFiles driverSink() { return new OptimumFiles(folder, optimumLog); }

    /** The spec this job evaluates (on an executor: rebuilt from the shipped values). */
    public ExperimentSpec spec() { return built().spec(); }

    private Built built() {
        Built b = built;
        if (b == null) {
            synchronized (this) {
                b = built;
                if (b == null) {
                    ExperimentSpec spec = rebuild();
                    built = b = new Built(spec, new ExperimentWorkload(spec));
                }
            }
        }
        return b;
    }

    private ExperimentSpec rebuild() {
        List<PolicySpec> policies = new ArrayList<>();
        for (Entry e : entries) {
            if (e.optimum() != null) {
                policies.add(new PolicySpec(e.label(), null, e.origin(), null, null, e.optimum()));
                continue;
            }
            if (e.vector()) {
                policies.add(new PolicySpec(e.label(), null, e.origin(), null, null, null,
                        new PolicySpec.Vector(e.scheduler(), SpecSetting.byName(workload.setting()).space(e.scheduler()), e.parameters())));
                continue;
            }
            Policy policy = Policy.of(e.scheduler(), e.parameters());
            if (e.predictorText() != null) {
                policy = policy.withPredictor(new LearnedGamma(MlpPredictor.parse(e.predictorText(), e.predictorSource()), e.predictorSource()));
            }
            policies.add(new PolicySpec(e.label(), policy, e.origin()));
        }
        return new ExperimentSpec(experiment, experiment, "", "", workload, kernel, policies, sweep, metrics);
    }
}
