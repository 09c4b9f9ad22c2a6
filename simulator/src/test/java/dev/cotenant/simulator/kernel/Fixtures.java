package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.trace.Trace;

import java.util.ArrayList;
import java.util.List;

/** Small hand-built workloads for kernel and scheduler tests. */
final class Fixtures {
    private Fixtures() {}

    /** A CNN-layout table; {@code latency[sample][layer]} seconds, {@code sparsity} the same shape. */
    static LatencyTable table(String name, double[][] latency, double[][] sparsity) {
        int samples = latency.length;
        int layers = latency[0].length;
        double[] lat = new double[samples * layers];
        double[] sp = new double[samples * layers];
        for (int b = 0; b < samples; b++) {
            for (int l = 0; l < layers; l++) {
                lat[b * layers + l] = latency[b][l];
                sp[b * layers + l] = sparsity == null ? 0 : sparsity[b][l];
            }
        }
        return new LatencyTable(name, LatencyTable.Layout.EYERISS_V2, samples, layers, lat, sp);
    }

    /** One dense sample with the given layer latencies. */
    static LatencyTable dense(String name, double... layerSeconds) {
        return table(name, new double[][] {layerSeconds}, null);
    }

    /** Builds a trace row by row: {@code add(model, sample, arrival, priority, target)}. */
    static final class TraceBuilder {
        private final LatencyDirectory directory;
        private final List<double[]> rows = new ArrayList<>();

        TraceBuilder(LatencyDirectory directory) { this.directory = directory; }

        TraceBuilder add(String model, int sample, double arrivalSeconds, double priority, double targetLatencySeconds) {
            int id = directory.modelId(model);
            if (id < 0) throw new IllegalArgumentException(model);
            rows.add(new double[] {arrivalSeconds, id, sample, priority, targetLatencySeconds});
            return this;
        }

        CompiledTrace compile() {
            int n = rows.size();
            double[] arrival = new double[n], priority = new double[n], target = new double[n];
            int[] model = new int[n], sample = new int[n];
            for (int i = 0; i < n; i++) {
                double[] row = rows.get(i);
                arrival[i] = row[0];
                model[i] = (int) row[1];
                sample[i] = (int) row[2];
                priority[i] = row[3];
                target[i] = row[4];
            }
            return new CompiledTrace(new CompiledWorkload(directory), new Trace(arrival, model, sample, priority, target));
        }
    }

    /** The order in which requests ran their layers, e.g. {@code "0 0 1 2"}, and the finish times. */
    record Run(String order, double[] finishSeconds, Outcome outcome) {}

    static Run run(CompiledTrace trace, Policy policy, KernelOptions options) {
        StringBuilder order = new StringBuilder();
        Outcome outcome = new Outcome();
        new TimeMultiplexedKernel(options).run(trace, policy.newScheduler(), outcome,
                (request, layer, start, end) -> order.append(order.length() == 0 ? "" : " ").append(request));
        double[] finish = new double[trace.size()];
        for (int r = 0; r < finish.length; r++) finish[r] = outcome.finishSeconds(r);
        return new Run(order.toString(), finish, outcome);
    }

    static Run run(CompiledTrace trace, String scheduler) {
        return run(trace, Policy.published(scheduler), KernelOptions.PUBLISHED);
    }
}
