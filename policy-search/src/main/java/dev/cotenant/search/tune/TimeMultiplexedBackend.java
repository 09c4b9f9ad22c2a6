package dev.cotenant.search.tune;

import dev.cotenant.simulator.evaluate.BatchEvaluator;
import dev.cotenant.simulator.evaluate.MetricMatrix;
import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;

import java.util.ArrayList;
import java.util.List;

/**
 * The time-multiplexed setting (one sparse accelerator, Sparse-DySta's kernel): traces from the
 * Poisson generator over a latency directory, candidates run through {@link BatchEvaluator}, the
 * project's one evaluation loop.
 *
 * @param priorities priority levels requests draw from uniformly (the generator's {1, 3, 9} by default)
 * @param dataLabel  where the latency directory came from, for result files
 */
public record TimeMultiplexedBackend(LatencyDirectory directory, double[] priorities, KernelOptions options,
                                     String dataLabel) implements EvaluationBackend {
    /** The published generator's priority levels. */
    public static final double[] PUBLISHED_PRIORITIES = {1, 3, 9};

    public TimeMultiplexedBackend {
        priorities = priorities.clone();
    }

    @Override
    public ParameterSpace space(String policyName) { return Schedulers.space(policyName); }

    @Override
    public List<String> baselines() { return Schedulers.names(); }

    @Override
    public String describe() { return "time-multiplexed kernel " + options + " on " + dataLabel; }

    @Override
    public Session open(List<TraceSpec> specs, int threads) {
        CompiledWorkload workload = new CompiledWorkload(directory);
        List<CompiledTrace> traces = new ArrayList<>(specs.size());
        for (TraceSpec s : specs) {
            traces.add(new CompiledTrace(workload, PoissonTraceGenerator.generate(directory, s.requestCount(),
                    s.ratePerSecond(), s.sloMultiplier(), s.sloMultiplier(), priorities, s.seed())));
        }
        BatchEvaluator evaluator = new BatchEvaluator(traces, options, threads);
        return new Session() {
            @Override
            public int traceCount() { return evaluator.traceCount(); }

            @Override
            public TraceMetrics evaluate(String policyName, List<double[]> parameterVectors) {
                List<Policy> policies = parameterVectors.stream().map(v -> Policy.of(policyName, v)).toList();
                MetricMatrix m = evaluator.evaluate(policies);
                return m::get;
            }

            @Override
            public RacedMetrics evaluate(String policyName, List<double[]> parameterVectors, Racing racing) {
                if (racing == null) return EvaluationBackend.Session.super.evaluate(policyName, parameterVectors, null);
                List<Policy> policies = parameterVectors.stream().map(v -> Policy.of(policyName, v)).toList();
                MetricMatrix m = evaluator.evaluate(policies, racing);
                int[] run = new int[policies.size()];
                for (int c = 0; c < run.length; c++) run[c] = m.tracesEvaluated(c);
                return new RacedMetrics(m::get, run);
            }

            @Override
            public TraceMetrics evaluatePublished(List<String> policyNames) {
                MetricMatrix m = evaluator.evaluate(policyNames.stream().map(Policy::published).toList());
                return m::get;
            }

            @Override
            public void close() { evaluator.close(); }
        };
    }
}
