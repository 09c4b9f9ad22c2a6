package dev.cotenant.search.tune;

import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.List;

/**
 * A backend with closed-form metrics, standing in for a second simulator: {@code x} linear in
 * [0, 10] (published 0), {@code y} log-scale in [1e-3, 1e3] (published 1). Violation rate is
 * {@code (x - 7)^2 / 100 + (log10 y - 2)^2 / 36}, minimal at x = 7, y = 100; ANTT is
 * {@code 2 - x / 10}, so violation rate and ANTT trade off for x below 7. Trace {@code t} adds
 * {@code 0.01 t} to both, the same for every candidate (what common random numbers cancel).
 */
final class FakeBackend implements EvaluationBackend {
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("x", 0, 0, 10, Parameter.Scale.LINEAR, "linear"),
            new Parameter("y", 1, 1e-3, 1e3, Parameter.Scale.LOG, "log"));
    int batches;

    static double violation(double[] v) {
        return (v[0] - 7) * (v[0] - 7) / 100 + Math.pow(Math.log10(v[1]) - 2, 2) / 36;
    }

    @Override public ParameterSpace space(String policyName) { return SPACE; }
    @Override public List<String> baselines() { return List.of("fake", "other"); }
    @Override public String describe() { return "fake closed form"; }

    @Override
    public Session open(List<TraceSpec> traces, int threads) {
        return new Session() {
            @Override public int traceCount() { return traces.size(); }

            @Override
            public TraceMetrics evaluate(String policyName, List<double[]> vectors) {
                batches++;
                List<double[]> copy = vectors.stream().map(double[]::clone).toList();
                return (c, t, m) -> value(copy.get(c), t, m);
            }

            @Override
            public TraceMetrics evaluatePublished(List<String> names) {
                return (c, t, m) -> value(names.get(c).equals("fake") ? SPACE.defaults() : new double[] {5, 5}, t, m);
            }

            @Override public void close() {}
        };
    }

    private static double value(double[] v, int trace, Metric m) {
        return switch (m) {
            case VIOLATION_RATE -> violation(v) + 0.01 * trace;
            case ANTT -> 2 - v[0] / 10 + 0.01 * trace;
            default -> 0;
        };
    }
}
