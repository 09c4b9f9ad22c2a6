package dev.cotenant.search.tune;

import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.multitile.MocaWorkloads;
import dev.cotenant.simulator.multitile.MultiTileBatchEvaluator;
import dev.cotenant.simulator.multitile.MultiTileMetrics;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.MultiTileWorkload;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.workload.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The multi-tile setting (MoCA's accelerator: tiles sharing a DRAM bus, regulators per tenant):
 * each {@link TraceSpec} becomes a {@link MocaWorkloads#traceAtRate} trace of a MoCA scenario
 * (its workload set's models, its priorities), Poisson at the spec's rate with every request's
 * target the spec's SLO multiplier times its model's isolated estimate; candidates run through
 * {@link MultiTileBatchEvaluator}, the setting's one evaluation loop. Metrics are
 * {@link MultiTileMetrics#value}: SLA satisfaction, STP (per request), fairness, violation rate,
 * ANTT and throughput.
 *
 * @param workload     the scenario's networks on the hardware (dense, or sparse for moca-dysta)
 * @param requestTiles fewest tiles every request needs
 * @param dataLabel    the scenario, hardware and workload variant, for result files and the checkpoint fingerprint
 */
public record MultiTileBackend(MultiTileWorkload workload, Scenario scenario, int requestTiles, String dataLabel)
        implements EvaluationBackend {

    @Override
    public ParameterSpace space(String policyName) { return MultiTilePolicies.space(policyName); }

    /** Every multi-tile policy, each at its published vector: MoCA's baselines, its no-throttle ablation and moca-dysta. */
    @Override
    public List<String> baselines() { return MultiTilePolicies.names(); }

    @Override
    public Set<Metric> metrics() { return MultiTileMetrics.DEFINED; }

    @Override
    public String describe() { return "multi-tile kernel on " + dataLabel; }

    @Override
    public Session open(List<TraceSpec> specs, int threads) {
        List<MultiTileTrace> traces = new ArrayList<>(specs.size());
        for (TraceSpec s : specs) {
            traces.add(MocaWorkloads.traceAtRate(workload, scenario, s.requestCount(), s.ratePerSecond(), s.sloMultiplier(),
                    s.sloMultiplier(), requestTiles, s.seed()));
        }
        MultiTileBatchEvaluator evaluator = new MultiTileBatchEvaluator(traces, threads);
        return new Session() {
            @Override
            public int traceCount() { return evaluator.traceCount(); }

            @Override
            public TraceMetrics evaluate(String policyName, List<double[]> parameterVectors) {
                return metrics(parameterVectors.stream().map(v -> MultiTileBatchEvaluator.Candidate.of(policyName, v)).toList());
            }

            @Override
            public TraceMetrics evaluatePublished(List<String> policyNames) {
                return metrics(policyNames.stream().map(MultiTileBatchEvaluator.Candidate::published).toList());
            }

            private TraceMetrics metrics(List<MultiTileBatchEvaluator.Candidate> candidates) {
                MultiTileBatchEvaluator.Run[][] runs = evaluator.evaluate(candidates);
                return (c, t, metric) -> runs[c][t].metrics().value(metric);
            }

            @Override
            public void close() { evaluator.close(); }
        };
    }
}
