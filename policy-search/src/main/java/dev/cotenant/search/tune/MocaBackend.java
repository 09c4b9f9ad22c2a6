package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaSet;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The multi-tile setting (MoCA's 8-tile SoC, {@code dev.cotenant.simulator.moca}): each
 * {@link TraceSpec} becomes MoCA's trace generator for one workload set run from another random
 * seed (the spec's seed replaces the artifact's 777), its targets scaled by the spec's SLO
 * multiplier (MoCA's QoS target scale: 0.8, 1.0, 1.2) and its arrivals stretched to the spec's
 * "rate", read here as the offered load of four 2-tile partitions. Candidates run through
 * {@link MocaEvaluator}, the setting's one evaluation entry.
 *
 * <p>Metrics, from MoCA's formulas ({@link MocaMetrics}): {@code sla_satisfaction} = MoCA's SLA
 * rate, {@code violation_rate} = 1 - it, {@code stp} = the per-request form (mean single-program
 * time over latency, 1 = no slowdown, as {@link Metric#STP} is defined), {@code fairness} = MoCA's
 * fairness with the script's index shift corrected. The others are not computed here.
 *
 * @param artifactRuntime run the artifact's runtime as written instead of the physical one
 */
public record MocaBackend(MocaSet set, boolean artifactRuntime) implements EvaluationBackend {
    private static final Set<Metric> DEFINED = EnumSet.of(Metric.SLA_SATISFACTION, Metric.VIOLATION_RATE, Metric.STP, Metric.FAIRNESS);

    @Override
    public ParameterSpace space(String policyName) {
        if (!MocaPolicies.names().contains(policyName)) {
            throw BadInputException.at("--policy", "unknown multi-tile policy '" + policyName + "'; known: " + String.join(", ", MocaPolicies.names()));
        }
        return MocaPolicies.space(policyName);
    }

    @Override
    public List<String> baselines() { return MocaPolicies.names(); }

    @Override
    public Set<Metric> metrics() { return DEFINED; }

    @Override
    public String describe() {
        return "MoCA multi-tile model (" + (artifactRuntime ? "artifact runtime as written" : "physical runtime") + ") on set "
                + set.name() + " traces from MoCA's generator with drawn seeds";
    }

    /** The trace a spec stands for: the generator of {@link #set} from seed {@code spec.seed()}, target scale and load from the spec. */
    public MocaTrace trace(TraceSpec spec) {
        MocaTrace generated = MocaTraces.generated(set, (float) spec.sloMultiplier(), (int) spec.seed());
        return MocaTraces.loadScaled(generated, spec.ratePerSecond());
    }

    @Override
    public Session open(List<TraceSpec> specs, int threads) {
        List<MocaTrace> traces = new ArrayList<>(specs.size());
        for (TraceSpec s : specs) traces.add(trace(s));
        return new Session() {
            @Override
            public int traceCount() { return traces.size(); }

            @Override
            public TraceMetrics evaluate(String policyName, List<double[]> parameterVectors) {
                MocaMetrics[][] m = MocaEvaluator.batch(policyName, parameterVectors, traces, artifactRuntime, threads);
                return (c, t, metric) -> value(m[c][t], metric);
            }

            @Override
            public TraceMetrics evaluatePublished(List<String> policyNames) {
                MocaMetrics[][] m = new MocaMetrics[policyNames.size()][];
                for (int p = 0; p < policyNames.size(); p++) {
                    String name = policyNames.get(p);
                    m[p] = MocaEvaluator.batch(name, List.of(MocaPolicies.defaults(name)), traces, artifactRuntime, threads)[0];
                }
                return (c, t, metric) -> value(m[c][t], metric);
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
            case STP -> m.meanNormalisedProgress();
            case FAIRNESS -> m.fairnessCorrected();
            default -> Double.NaN;
        };
    }
}
