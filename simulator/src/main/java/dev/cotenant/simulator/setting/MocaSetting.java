package dev.cotenant.simulator.setting;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaSet;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * The multi-tile setting (MoCA's 8-tile SoC, {@code dev.cotenant.simulator.moca}). A point's
 * workload is a set ({@code a}, {@code b}, {@code c}): its trace is MoCA's generator for that set
 * run from the point's seed (777 is the artifact's own trace), targets scaled by the point's SLO
 * multiplier (MoCA's QoS scale: 0.8, 1.0, 1.2), and, unless the load is NaN, arrivals stretched to
 * that offered load of four 2-tile partitions. A workload that is not a set letter is a trace file
 * ({@link MocaTraces#read}), whose own targets and arrivals are kept unless a load is given. The
 * generator always makes {@value MocaTraces#REQUESTS} requests; a point's request count is not read.
 * Contenders are policy vectors of {@link MocaPolicies}, run through {@link MocaEvaluator}.
 *
 * <p>Metrics, from MoCA's formulas ({@link MocaMetrics}): {@code sla_satisfaction} = MoCA's SLA,
 * {@code violation_rate} = 1 - it, {@code sla_satisfaction_priority_9_11} its highest priority group,
 * {@code stp} = the per-request form (mean single-program time over latency, as {@link Metric#STP}),
 * {@code fairness} = MoCA's fairness with the script's index shift corrected, {@code moca_stp} and
 * {@code moca_stp_as_written} MoCA's per-type STP corrected and as the script computes it,
 * {@code moca_fairness_as_written} the script's fairness. The others are NaN.
 *
 * @param artifactRuntime run the artifact's runtime as written instead of the physical one
 */
public record MocaSetting(boolean artifactRuntime) implements Setting {
    public static final String NAME = "moca";
    private static final Set<Metric> DEFINED = EnumSet.of(Metric.SLA_SATISFACTION, Metric.VIOLATION_RATE, Metric.STP, Metric.FAIRNESS,
            Metric.MOCA_STP, Metric.MOCA_STP_AS_WRITTEN, Metric.MOCA_FAIRNESS_AS_WRITTEN, Metric.SLA_SATISFACTION_PRIORITY_9_11);

    @Override
    public String name() { return NAME; }

    @Override
    public ParameterSpace space(String policy) {
        if (!MocaPolicies.names().contains(policy)) {
            throw BadInputException.setting("schedulers", "unknown multi-tile policy '" + policy + "'; known: " + String.join(", ", MocaPolicies.names()));
        }
        return MocaPolicies.space(policy);
    }

    @Override
    public List<String> baselines() { return MocaPolicies.names(); }

    @Override
    public Set<Metric> metrics() { return DEFINED; }

    @Override
    public String describe() {
        return "MoCA multi-tile model (" + (artifactRuntime ? "artifact runtime as written" : "physical runtime") + ")";
    }

    /** True when {@code workload} names a generator set rather than a trace file. */
    public static boolean isSet(String workload) { return workload.matches("[abc]"); }

    /** A workload's window suffix, {@code [FROM..TO]}: those requests of its trace ({@link MocaTraces#window}). */
    private static final Pattern WINDOW = Pattern.compile("(.+)\\[(\\d+)\\.\\.(\\d+)]");

    /** The workload {@code set} or {@code file}, cut to requests {@code from..to} (fewer at the trace's end). */
    public static String window(String workload, int from, int to) { return workload + "[" + from + ".." + to + "]"; }

    /** The trace {@code point} stands for. */
    public static MocaTrace trace(TracePoint point) {
        Matcher window = WINDOW.matcher(point.workload());
        String workload = window.matches() ? window.group(1) : point.workload();
        MocaTrace base;
        if (isSet(workload)) {
            MocaSet set = MocaSet.valueOf(workload.toUpperCase(Locale.ROOT));
            // the artifact feeds its int32 LCG with the seed, so seeds are read modulo 2^32 as it would
            base = MocaTraces.generated(set, point.sloMultiplierMin(), (int) point.seed());
        } else {
            base = MocaTraces.read(Path.of(workload));
        }
        if (window.matches()) {
            int from = Integer.parseInt(window.group(2));
            base = MocaTraces.window(base, from, Integer.parseInt(window.group(3)) - from + 1);
        }
        return Double.isNaN(point.load()) ? base : MocaTraces.loadScaled(base, point.load());
    }

    @Override
    public Session open(List<TracePoint> points, int threads) {
        List<MocaTrace> traces = new ArrayList<>(points.size());
        for (TracePoint p : points) traces.add(trace(p));
        return new Session() {
            @Override
            public int traceCount() { return traces.size(); }

            @Override
            public int requestCount(int trace) { return traces.get(trace).size(); }

            @Override
            public Metrics evaluate(List<? extends Contender> contenders, Racing racing) {
                List<PolicyVector> vectors = new ArrayList<>(contenders.size());
                for (Contender c : contenders) {
                    if (!(c instanceof PolicyVector v)) throw new IllegalArgumentException("the MoCA setting runs policy vectors, not " + c);
                    space(v.policy()).validate(v.policy(), v.parameters()); // fail before any thread starts
                    vectors.add(v);
                }
                int traceCount = traces.size();
                MocaMetrics[][] m = new MocaMetrics[vectors.size()][traceCount];
                MocaEvaluator.forEach(vectors.size() * traceCount, threads, job -> {
                    int c = job / traceCount, t = job % traceCount;
                    PolicyVector v = vectors.get(c);
                    m[c][t] = MocaEvaluator.metrics(v.policy(), v.parameters(), traces.get(t), artifactRuntime);
                });
                return new Metrics() {
                    @Override
                    public double get(int contender, int trace, Metric metric) { return value(m[contender][trace], metric); }

                    @Override
                    public int tracesRun(int contender) { return traceCount; }
                };
            }

            @Override
            public void close() {}
        };
    }

    /** The {@link Metric} view of MoCA's metrics; NaN for a metric this setting does not compute. */
    public static double value(MocaMetrics m, Metric metric) {
        return switch (metric) {
            case SLA_SATISFACTION -> m.sla();
            case VIOLATION_RATE -> 1 - m.sla();
            case SLA_SATISFACTION_PRIORITY_9_11 -> m.slaHighPriority();
            case STP -> m.meanNormalisedProgress();
            case FAIRNESS -> m.fairnessCorrected();
            case MOCA_STP -> m.stpCorrected();
            case MOCA_STP_AS_WRITTEN -> m.stpAsWritten();
            case MOCA_FAIRNESS_AS_WRITTEN -> m.fairnessAsWritten();
            default -> Double.NaN;
        };
    }
}
