package dev.cotenant.spark;

import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.runner.PointJob;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SweepPoint;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the Spark engine costs and gains here, through the engine seam alone (no store, no report):
 * <ol>
 *   <li>per-point overhead: the same cheap points (the built-in demo's 1000-request traces, 10 heuristics)
 *       through the local pool and through Spark {@code local[2]}, both on 2 threads; the difference per point
 *       is what Spark adds (task scheduling, serialising points and rows);</li>
 *   <li>the same with tiny traces (50 requests), where Spark's fixed cost per job and task is not hidden by the work;</li>
 *   <li>scaling: optimum-heavy points (heuristics-vs-optimum, one offline-optimum solve per point) through
 *       Spark {@code local[1]} and {@code local[2]}.</li>
 * </ol>
 * Each measurement is repeated after a warm-up round and reported as mean and standard deviation. Not a
 * unit test (it takes minutes and depends on the machine); run it as docs/distributed.md says.
 *
 * <p>Arguments (all optional): cheap points per round, optimum points per round, requests per optimum trace, rounds.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {}

    public static void main(String[] args) {
        int cheapPoints = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        int optimumPoints = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int optimumRequests = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());

        ExperimentSpec cheap = withPoints(BuiltinExperiments.load("demo"), 1000, cheapPoints);
        ExperimentWorkload cheapWorkload = new ExperimentWorkload(cheap);
        PointJob cheapJob = PointJob.of(cheap, cheapWorkload);
        List<SweepPoint> cheapSweep = cheapWorkload.points();
        out.printf(Locale.ROOT, "cheap sweep: %d points x %d policies, %d requests per trace, %d rounds after a warm-up%n",
                cheapSweep.size(), cheap.policies().size(), cheap.workload().requests(), rounds);
        double[] local = time(SweepEngine.local(), cheapJob, cheapSweep, 2, rounds, quiet, "local pool, 2 threads", out);
        double[] spark = time(new SparkSweepEngine("local[2]"), cheapJob, cheapSweep, 2, rounds, quiet, "spark local[2]", out);
        out.printf(Locale.ROOT, "per-point cost: local %.2f ms, spark %.2f ms; spark adds %.2f ms per point%n",
                1e3 * mean(local) / cheapSweep.size(), 1e3 * mean(spark) / cheapSweep.size(),
                1e3 * (mean(spark) - mean(local)) / cheapSweep.size());

        // Points so cheap that Spark's fixed costs (a job per batch, a task per slice, points and rows serialised) show.
        ExperimentSpec tiny = withPoints(BuiltinExperiments.load("demo"), 50, 4 * cheapPoints);
        ExperimentWorkload tinyWorkload = new ExperimentWorkload(tiny);
        PointJob tinyJob = PointJob.of(tiny, tinyWorkload);
        List<SweepPoint> tinySweep = tinyWorkload.points();
        out.printf(Locale.ROOT, "tiny sweep: %d points x %d policies, %d requests per trace%n", tinySweep.size(), tiny.policies().size(),
                tiny.workload().requests());
        double[] tinyLocal = time(SweepEngine.local(), tinyJob, tinySweep, 2, rounds, quiet, "local pool, 2 threads", out);
        double[] tinySpark = time(new SparkSweepEngine("local[2]"), tinyJob, tinySweep, 2, rounds, quiet, "spark local[2]", out);
        out.printf(Locale.ROOT, "per-point cost: local %.3f ms, spark %.3f ms; spark adds %.3f ms per point (one job of %d tasks per call)%n",
                1e3 * mean(tinyLocal) / tinySweep.size(), 1e3 * mean(tinySpark) / tinySweep.size(),
                1e3 * (mean(tinySpark) - mean(tinyLocal)) / tinySweep.size(), Math.min(tinySweep.size(), SparkSweepEngine.TASKS_PER_SLOT * 2));

        ExperimentSpec heavy = withPoints(BuiltinExperiments.load("heuristics-vs-optimum"), optimumRequests, optimumPoints);
        ExperimentWorkload heavyWorkload = new ExperimentWorkload(heavy);
        PointJob heavyJob = PointJob.of(heavy, heavyWorkload);
        List<SweepPoint> heavySweep = heavyWorkload.points();
        out.printf(Locale.ROOT, "optimum sweep: %d points x %d entries (one optimum solve per point), %d requests per trace%n",
                heavySweep.size(), heavy.policies().size(), heavy.workload().requests());
        double[] one = time(new SparkSweepEngine("local[1]"), heavyJob, heavySweep, 1, rounds, quiet, "spark local[1]", out);
        double[] two = time(new SparkSweepEngine("local[2]"), heavyJob, heavySweep, 2, rounds, quiet, "spark local[2]", out);
        out.printf(Locale.ROOT, "per-point cost on one slot: %.1f ms; speed-up local[1] -> local[2]: %.2fx%n",
                1e3 * mean(one) / heavySweep.size(), mean(one) / mean(two));
        out.printf(Locale.ROOT, "cores: %d (shared with whatever else runs)%n", Runtime.getRuntime().availableProcessors());
    }

    /** Wall seconds of evaluating all points, per round, after one warm-up round; the engine is opened once (its start-up is reported apart). */
    private static double[] time(SweepEngine engine, PointJob job, List<SweepPoint> points, int threads, int rounds, PrintStream log,
                                 String name, PrintStream out) {
        long opening = System.nanoTime();
        try (SweepEngine.Session session = engine.open(job, threads, log)) {
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            session.evaluate(points); // warm-up: class loading, JIT, the executor's rebuild of the job
            double[] seconds = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                int rows = session.evaluate(points).size();
                seconds[r] = (System.nanoTime() - start) / 1e9;
                if (rows == 0) throw new IllegalStateException("no rows");
            }
            out.printf(Locale.ROOT, "  %-24s start %.2f s; sweep %.3f s +- %.3f (rounds: %s)%n", name, openSeconds, mean(seconds), sd(seconds),
                    Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 1000) / 1000.0).toArray()));
            return seconds;
        }
    }

    /** The spec with {@code requests} per trace and seeds 1..k so that the sweep has at least {@code points} points. */
    static ExperimentSpec withPoints(ExperimentSpec b, int requests, int points) {
        ExperimentSpec.SweepSpec s = b.sweep();
        int perSeed = s.loads().size() * Math.max(1, s.sloMultipliers().size());
        List<Double> loads = s.loads();
        if (points < perSeed) { loads = loads.subList(0, Math.max(1, points / Math.max(1, s.sloMultipliers().size()))); perSeed = loads.size() * Math.max(1, s.sloMultipliers().size()); }
        int seeds = Math.max(1, (points + perSeed - 1) / perSeed);
        List<Long> seedList = new ArrayList<>();
        for (long k = 1; k <= seeds; k++) seedList.add(k);
        ExperimentSpec.WorkloadSpec w = b.workload();
        return new ExperimentSpec(b.name(), b.title(), b.paper(), b.description(),
                new ExperimentSpec.WorkloadSpec(w.source(), w.sourceName(), w.samplesPerModel(), requests, w.sangerSequenceLength()), b.kernel(),
                b.policies(), new ExperimentSpec.SweepSpec(s.loadAxis(), loads, s.sloMultipliers(), seedList), b.metrics());
    }

    private static double mean(double[] x) { return Arrays.stream(x).average().orElse(Double.NaN); }

    private static double sd(double[] x) {
        double m = mean(x);
        return x.length < 2 ? 0 : Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }
}
