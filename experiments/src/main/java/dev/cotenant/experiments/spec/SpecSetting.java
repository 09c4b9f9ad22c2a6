package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cotenant.search.tune.TraceDistribution;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TracePoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@link Setting} as an experiment spec declares it: the keys its {@code workload} block takes
 * (checked, errors at the key), its sweep axes and policy entries, and how a read workload becomes
 * the setting and its sweep's trace points. The spec reader and the runner find a setting only
 * through {@link #byName} ({@code workload.setting}), so a new setting is its {@code Setting}, its
 * kernel and one of these, registered as a {@link ServiceLoader} service
 * ({@code META-INF/services/dev.cotenant.experiments.spec.SpecSetting}); the reader, runner, store,
 * report and commands do not change.
 */
public interface SpecSetting {
    /** The value of {@code workload.setting}. */
    String name();

    /** Other names {@code workload.setting} may give. */
    default List<String> aliases() { return List.of(); }

    /** Reads the workload block; every key is checked and every error names its key. */
    ExperimentSpec.WorkloadSpec workload(SpecNode w, Path baseDir);

    /** Reads the {@code kernel} block (null when absent); a setting without kernel switches refuses it. */
    default KernelOptions kernel(SpecNode k, ExperimentSpec.WorkloadSpec w) {
        if (k != null) throw k.error("applies to the time-multiplexed setting, not to the " + name() + " setting");
        return KernelOptions.PUBLISHED;
    }

    /** Reads the {@code sweep} block for this workload. */
    ExperimentSpec.SweepSpec sweep(SpecNode s, ExperimentSpec.WorkloadSpec w);

    /** One entry of {@code policies}: by default a policy of {@link #space} by name, with overrides or a tuner's best.json. */
    default PolicySpec policy(SpecNode p, Path baseDir, ExperimentSpec.WorkloadSpec w, KernelOptions kernel, ExperimentSpec.SweepSpec sweep) {
        return SpecReader.vectorPolicy(p, baseDir, this::space);
    }

    /** The named policy's parameter space; a bad-input error naming the known policies otherwise. */
    ParameterSpace space(String policy);

    /** The metrics the setting computes (a spec's {@code metrics} must be among them). */
    Set<Metric> metrics();

    /** The metrics a spec reports when it lists none. */
    List<Metric> defaultMetrics();

    /**
     * Writes the canonical form of the workload (and kernel) into the spec's JSON, which the
     * fingerprint hashes. By default: the common fields, {@code setting}, the setting's own keys
     * ({@link ExperimentSpec.WorkloadSpec#options}) and {@code workloads}.
     */
    default void canonical(ExperimentSpec.WorkloadSpec w, KernelOptions kernel, ObjectNode root) {
        ObjectNode o = root.putObject("workload");
        o.put("source", name()).put("name", w.sourceName()).put("samples_per_model", w.samplesPerModel()).put("requests", w.requests())
                .put("sanger_sequence_length", w.sangerSequenceLength()).put("setting", name());
        o.setAll(w.options());
        w.workloads().forEach(o.putArray("workloads")::add);
    }

    /** The spec's workload built once (tables loaded or generated): the setting and its sweep. */
    Built build(ExperimentSpec spec);

    /**
     * A built workload: the setting, every point of the sweep in metrics.csv order (workload, load, SLO
     * multiplier, seed), and each point as the setting reads it. Every trace is a function of the spec and
     * its point alone (seeded generators).
     */
    record Built(Setting setting, List<SweepPoint> points, Function<SweepPoint, TracePoint> tracePoints) {
        public Built {
            points = List.copyOf(points);
        }
    }

    /**
     * A batch of points (their trace points alike, in order) as the runner runs it on {@code setting}: by default
     * every entry a {@link Setting.PolicyVector} and an {@code optimum} entry refused. A setting with an offline
     * optimum solves it here, keeping each point's files and progress lines through {@code sink}.
     */
    default Batch batch(ExperimentSpec spec, Setting setting, List<SweepPoint> points, List<TracePoint> tracePoints, int threads, OptimumSink sink) {
        List<Setting.Contender> contenders = new ArrayList<>();
        for (PolicySpec entry : spec.policies()) {
            if (entry.isOptimum()) throw BadInputException.at(entry.label(), "setting " + name() + " has no offline optimum");
            contenders.add(new Setting.PolicyVector(entry.schedulerName(), entry.parameters()));
        }
        return new Batch(setting.open(tracePoints, threads), contenders, List.of(), 0);
    }

    /**
     * What {@link #batch} hands the runner: the open session; per entry its contender (null: all its rows are extra) and,
     * per trace, the rows after the contender's (an optimum's bounds; they count the session's requests of the trace); and
     * the optimum solves the wall clock stopped before their move budget.
     */
    record Batch(Setting.Session session, List<Setting.Contender> contenders, List<List<List<ExtraRow>>> extraRows, int solvesStoppedByTime) {
        public List<ExtraRow> extraRows(int entry, int trace) {
            return entry < extraRows.size() && !extraRows.get(entry).isEmpty() ? extraRows.get(entry).get(trace) : List.of();
        }
    }

    /** A row an entry adds: its label is the entry's plus {@code labelSuffix}; {@code values} every metric by ordinal (NaN where none). */
    record ExtraRow(String labelSuffix, double[] values) {}

    /** Where an optimum keeps what it finds beside its rows: the runner's experiment folder and log. */
    interface OptimumSink {
        /** Keeps the point's files (name to content) of the entry {@code label}; called before the point's rows are stored, maybe concurrently. */
        void keep(String label, int point, Map<String, byte[]> files);

        /** Where a long solve reports its progress, or null: silent. */
        java.io.PrintStream log();
    }

    /** The built-in settings, then those registered as services, by name or alias. */
    static SpecSetting byName(String name) {
        for (SpecSetting s : all()) if (s.name().equals(name) || s.aliases().contains(name)) return s;
        throw new BadInputException("unknown setting '" + name + "'; allowed: " + String.join(", ", all().stream().map(SpecSetting::name).toList()));
    }

    /** Every setting a spec may name: time-multiplexed and moca, then registered services in class-path order. */
    static List<SpecSetting> all() {
        List<SpecSetting> all = new ArrayList<>(List.of(new TimeMultiplexedSpec(), new MocaSpec()));
        ServiceLoader.load(SpecSetting.class).forEach(all::add);
        return all;
    }

    /** The named scenarios of {@code cotenant workloads list} this setting runs (none by default). */
    default List<String> scenarios() { return List.of(); }

    /** The setting that runs the named scenario; null: the default setting, as for a spec without {@code workload.setting}. */
    static SpecSetting forScenario(String scenario) {
        if (scenario == null) return byName(TimeMultiplexedSpec.NAME);
        List<String> known = new ArrayList<>();
        for (SpecSetting s : all()) {
            if (s.scenarios().contains(scenario)) return s;
            known.addAll(s.scenarios());
        }
        throw BadInputException.setting("scenario", "unknown scenario '" + scenario + "'; known: " + String.join(", ", known));
    }

    /**
     * What {@code cotenant tune} trains on for a workload of this setting: the setting, the distribution its training
     * and held-out traces are drawn from (the options given, else the workload's own defaults), and the labels its
     * result files record. By default the setting cannot be tuned.
     */
    default Tuning tuning(TuneOptions options) {
        throw BadInputException.setting("scenario", "setting " + name() + " cannot be tuned");
    }

    /**
     * A tune run's workload options in the settings' own words; null (or false) when not given. Errors name them as
     * settings ({@link BadInputException#setting}: {@code arrival_rate_per_s}, {@code offered_load}, ...), which a
     * front end shows at its own option.
     *
     * @param kernel the kernel switches given, on a workload's own drop rule unless one was given
     */
    record TuneOptions(String scenario, Path latencyDir, int samplesPerModel, int sangerSequenceLength, Path traces,
                       double[] arrivalRatesPerSecond, double[] sloMultipliers, double[] offeredLoads, Integer requests,
                       boolean artifactRuntime, boolean racing, Function<DropRule, KernelOptions> kernel) {
        public TuneOptions {
            // checked here in its own name: a setting hands offered loads to the tuner on its load axis, which says arrival_rate_per_s
            if (offeredLoads != null) TraceDistribution.checkRange("offered_load", offeredLoads[0], offeredLoads[1]);
        }
    }

    /** A tuner's setting and trace distribution, and how result files name the data and the kernel. */
    record Tuning(Setting setting, TraceDistribution traces, String dataLabel, String kernelLabel) {}
}
