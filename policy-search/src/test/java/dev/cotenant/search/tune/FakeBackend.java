package dev.cotenant.search.tune;

import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TracePoint;

import java.util.List;

/**
 * A backend with closed-form metrics, standing in for a second simulator: {@code x} linear in
 * [0, 10] (published 0), {@code y} log-scale in [1e-3, 1e3] (published 1). Violation rate is
 * {@code (x - 7)^2 / 100 + (log10 y - 2)^2 / 36}, minimal at x = 7, y = 100; ANTT is
 * {@code 2 - x / 10}, so violation rate and ANTT trade off for x below 7. Trace {@code t} adds
 * {@code 0.01 t} to both, the same for every candidate (what common random numbers cancel).
 */
final class FakeBackend implements Setting {
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
    @Override public String name() { return "fake"; }
    @Override public java.util.Set<Metric> metrics() { return java.util.EnumSet.allOf(Metric.class); }

    @Override
    public Session open(List<TracePoint> traces, int threads) {
        return new Session() {
            @Override public int traceCount() { return traces.size(); }
            @Override public int requestCount(int trace) { return traces.get(trace).requestCount(); }

            @Override
            public Metrics evaluate(List<? extends Contender> contenders, Racing racing) {
                batches++;
                // the published "other" policy stands at (5, 5); every other contender is its own vector
                List<double[]> copy = contenders.stream().map(c -> (PolicyVector) c)
                        .map(v -> v.policy().equals("other") ? new double[] {5, 5} : v.parameters()).toList();
                return new Metrics() {
                    @Override public double get(int c, int t, Metric m) { return value(copy.get(c), t, m); }
                    @Override public int tracesRun(int c) { return traces.size(); }
                };
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
