package dev.cotenant.simulator.metrics;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One model's (stream's) share of a run: the per-model table of a real-time user. Latency is
 * {@code finish - arrival} of its completed requests, in seconds; a miss is a late or dropped
 * request, as in {@link Metric#WORST_MODEL_MISS_RATE}.
 *
 * @param xrScore the model's XRBench score in [0, 1] ({@link MetricCalculator#xrModelScore})
 */
public record ModelMetrics(String model, int requests, double missRate, double dropRate,
                           double p50LatencySeconds, double p99LatencySeconds, double xrScore) {

    public static final String CSV_HEADER = "model,requests,miss_rate,drop_rate,p50_latency_s,p99_latency_s,xr_score";

    /** The models that have requests in {@code trace}, in latency-directory order. */
    public static List<ModelMetrics> of(CompiledTrace trace, Outcome outcome) {
        int models = trace.workload().directory().modelCount();
        List<ModelMetrics> out = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            int requests = 0, misses = 0, drops = 0, completed = 0;
            double scoreSum = 0;
            double[] latency = new double[trace.size()];
            for (int r = 0; r < trace.size(); r++) {
                if (trace.trace().modelId(r) != m) continue;
                requests++;
                if (outcome.dropped(r)) {
                    misses++;
                    drops++;
                    continue;
                }
                double finish = outcome.finishSeconds(r);
                if (MetricCalculator.isLate(finish, trace.deadlineSeconds(r))) misses++;
                scoreSum += MetricCalculator.xrFrameScore(finish - trace.deadlineSeconds(r));
                latency[completed++] = finish - trace.arrivalSeconds(r);
            }
            if (requests == 0) continue;
            Arrays.sort(latency, 0, completed);
            double p50 = completed > 0 ? MetricCalculator.percentile(latency, completed, 0.5) : Double.NaN;
            double p99 = completed > 0 ? MetricCalculator.percentile(latency, completed, 0.99) : Double.NaN;
            out.add(new ModelMetrics(trace.workload().directory().table(m).modelName(), requests, (double) misses / requests,
                    (double) drops / requests, p50, p99, MetricCalculator.xrModelScore(scoreSum, completed, requests)));
        }
        return out;
    }

    public String csvRow() {
        return model + "," + requests + "," + missRate + "," + dropRate + "," + p50LatencySeconds + "," + p99LatencySeconds + "," + xrScore;
    }
}
