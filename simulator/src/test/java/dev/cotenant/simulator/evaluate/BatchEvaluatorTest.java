package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class BatchEvaluatorTest {
    static LatencyDirectory directory() { return directory(11); }

    /** Three small tables (two CNN-like, one 3x slower), sparsity drawn from {@code seed}. */
    public static LatencyDirectory directory(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LatencyTable> tables = new ArrayList<>();
        for (String name : new String[] {"cnn_a", "cnn_b", "other"}) {
            int layers = 6, samples = 5;
            double[] lat = new double[layers * samples], sp = new double[layers * samples];
            for (int i = 0; i < lat.length; i++) {
                sp[i] = random.nextDouble(0.1, 0.8);
                lat[i] = 0.01 * (1 - sp[i]) * (name.equals("other") ? 3 : 1);
            }
            tables.add(new LatencyTable(name, LatencyTable.Layout.EYERISS_V2, samples, layers, lat, sp));
        }
        return new LatencyDirectory(tables);
    }

    static List<CompiledTrace> traces(int count) {
        LatencyDirectory dir = directory();
        CompiledWorkload workload = new CompiledWorkload(dir);
        List<CompiledTrace> traces = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            traces.add(new CompiledTrace(workload, PoissonTraceGenerator.generate(dir, 150, 20 + 5 * i, 3, i)));
        }
        return traces;
    }

    static List<Policy> candidates() {
        List<Policy> policies = new ArrayList<>(Schedulers.parseList("all"));
        for (double beta : new double[] {1e-4, 0.1, 1}) policies.add(Policy.withOverrides("dysta", Map.of("beta", beta)));
        return policies;
    }

    @Test
    void oneThreadAndTwoThreadsGiveTheSameMatrixAsTheSingleRunPath() {
        List<CompiledTrace> traces = traces(5);
        List<Policy> policies = candidates();
        MetricMatrix one, two;
        try (BatchEvaluator e = new BatchEvaluator(traces, KernelOptions.PUBLISHED, 1)) { one = e.evaluate(policies); }
        try (BatchEvaluator e = new BatchEvaluator(traces, KernelOptions.PUBLISHED, 2)) { two = e.evaluate(policies); }
        for (int t = 0; t < traces.size(); t++) {
            List<PolicyRun> reference = Evaluator.runAll(traces.get(t), policies, KernelOptions.PUBLISHED);
            for (int c = 0; c < policies.size(); c++) {
                RunMetrics m = reference.get(c).metrics();
                for (Metric metric : Metric.values()) {
                    assertEquals(m.get(metric), one.get(c, t, metric), 0, policies.get(c) + " " + metric);
                    assertEquals(one.get(c, t, metric), two.get(c, t, metric), 0);
                }
            }
        }
    }

    @Test
    void racingStopsHopelessCandidatesButKeepsTheWinner() {
        List<CompiledTrace> traces = traces(8);
        List<Policy> policies = candidates();
        try (BatchEvaluator e = new BatchEvaluator(traces, KernelOptions.PUBLISHED, 2)) {
            MetricMatrix full = e.evaluate(policies);
            int best = 0;
            for (int c = 1; c < policies.size(); c++) if (full.mean(c, Metric.ANTT) < full.mean(best, Metric.ANTT)) best = c;
            double incumbent = full.mean(best, Metric.ANTT);
            MetricMatrix raced = e.evaluate(policies, new Racing(Metric.ANTT, incumbent, 0));
            int stopped = 0;
            for (int c = 0; c < policies.size(); c++) {
                if (!raced.complete(c)) {
                    stopped++;
                    // a stopped candidate is provably worse than the incumbent
                    assertTrue(full.mean(c, Metric.ANTT) > incumbent, policies.get(c).label());
                } else {
                    assertEquals(full.mean(c, Metric.ANTT), raced.mean(c, Metric.ANTT), 0);
                }
                for (int t = 0; t < raced.tracesEvaluated(c); t++) {
                    assertEquals(full.get(c, t, Metric.ANTT), raced.get(c, t, Metric.ANTT), 0);
                }
            }
            assertTrue(raced.complete(best), "the winner is never stopped");
            assertTrue(stopped > 0, "fcfs-like candidates are far behind and get stopped early");
        }
    }
}
