package dev.cotenant.models;

import dev.cotenant.simulator.evaluate.BatchEvaluator;
import dev.cotenant.simulator.evaluate.MetricMatrix;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Does a better estimate make better schedules? Poisson traces drawn from the <em>test</em>
 * samples only, compiled against the training samples' statistics (what a deployed scheduler
 * would have profiled), run through {@link BatchEvaluator} for the learned and published rules.
 */
public final class DownstreamEvaluation {
    public static final List<String> SCHEDULERS = List.of("dysta", "dysta-learned", "dysta-oracle", "sjf-sparse", "sjf-learned");

    /**
     * @param offeredLoad   busy share of the accelerator the Poisson rate aims at
     * @param sloMultiplier target latency over the architecture's mean isolated latency
     */
    public record Settings(int traces, int requestsPerTrace, double offeredLoad, double sloMultiplier, long seed) {}

    /** Mean and standard deviation over traces of one scheduler's violation rate and ANTT. */
    public record Row(String scheduler, double violationRate, double violationRateStd, double antt, double anttStd) {}

    private DownstreamEvaluation() {}

    public static List<Row> run(PredictorDataset data, LearnedGamma learned, Settings settings, int threads) {
        LatencyDirectory test = data.split().directory(SampleSplit.Part.TEST);
        CompiledWorkload workload = new CompiledWorkload(test, data.profile());
        double meanIsolatedSeconds = test.tables().stream().mapToDouble(LatencyTable::meanEndToEndSeconds).average().orElseThrow();
        double rate = settings.offeredLoad() / meanIsolatedSeconds;
        List<CompiledTrace> traces = new ArrayList<>();
        for (int t = 0; t < settings.traces(); t++) {
            traces.add(new CompiledTrace(workload, PoissonTraceGenerator.generate(test, settings.requestsPerTrace(), rate,
                    settings.sloMultiplier(), settings.seed() + t)));
        }
        List<Policy> policies = Schedulers.parseList(String.join(",", SCHEDULERS), learned);
        MetricMatrix m;
        try (BatchEvaluator evaluator = new BatchEvaluator(traces, KernelOptions.PUBLISHED, threads)) {
            m = evaluator.evaluate(policies);
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < policies.size(); c++) {
            rows.add(new Row(policies.get(c).schedulerName(), m.mean(c, Metric.VIOLATION_RATE), std(m, c, Metric.VIOLATION_RATE),
                    m.mean(c, Metric.ANTT), std(m, c, Metric.ANTT)));
        }
        return rows;
    }

    private static double std(MetricMatrix m, int c, Metric metric) {
        double mean = m.mean(c, metric), sum = 0;
        int n = m.traceCount();
        for (int t = 0; t < n; t++) sum += Math.pow(m.get(c, t, metric) - mean, 2);
        return n > 1 ? Math.sqrt(sum / (n - 1)) : 0;
    }

    public static void write(List<Row> rows, Writer out) throws IOException {
        out.write("scheduler,violation_rate,violation_rate_std,antt,antt_std\n");
        for (Row r : rows) {
            out.write(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f%n", r.scheduler, r.violationRate, r.violationRateStd, r.antt, r.anttStd));
        }
    }
}
