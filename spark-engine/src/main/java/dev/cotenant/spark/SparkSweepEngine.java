package dev.cotenant.spark;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.runner.OptimumFiles;
import dev.cotenant.experiments.runner.PointJob;
import dev.cotenant.experiments.runner.SweepEngine;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.BadInputException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's {@code spark} engine: each batch of sweep points becomes one Spark job whose tasks
 * evaluate slices of the batch on executors and return their rows, gathered in point order on the
 * driver, where the runner stores them as it stores the local engine's. The per-point function ships
 * once per executor as a broadcast {@link PointJob} (plain values), so a task depends only on its
 * points: a failed task is rerun by Spark with the same result, and nothing reaches the store until
 * the whole batch is back. An optimum entry's per-point files travel back with the rows, and the driver
 * writes them into the experiment folder before the rows are stored, as the local engine does.
 *
 * <p>With no master given the context takes spark-submit's ({@code spark.master}) or, run directly,
 * embedded {@code local[*]}.
 */
public final class SparkSweepEngine implements SweepEngine {
    /** Embedded mode when neither --master nor spark-submit says where to run. */
    static final String DEFAULT_MASTER = "local[*]";

    /**
     * Tasks per task slot in each batch: more than one so that slots that finish early take another
     * slice (points differ in cost), few enough that per-task overhead stays small next to the work.
     */
    static final int TASKS_PER_SLOT = 4;

    /**
     * A test hook (a system property of the driver, shipped with the task): the first attempt of the
     * task that holds this point index throws, so a test can watch Spark retry it.
     */
    public static final String FAIL_FIRST_ATTEMPT_PROPERTY = "cotenant.spark.failFirstAttemptAtPoint";

    private final String master;

    public SparkSweepEngine(String master) { this.master = master; }

    @Override
    public String name() { return SPARK; }

    @Override
    public Session open(PointJob job, int threads, PrintStream log) {
        quietSparkLogging();
        SparkConf conf = new SparkConf().setAppName("cotenant experiment " + job.experiment());
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster(DEFAULT_MASTER);
        if (conf.get("spark.master").startsWith("local")) {
            // Embedded: no network beyond loopback, no web UI on a port another user may hold.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false"); // the runner draws its own progress bar
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(conf);
        } catch (Exception e) { // Scala throws SparkException, a checked exception Java cannot name in this try
            if (e.getMessage() != null && e.getMessage().contains("Could not parse Master URL")) {
                throw BadInputException.at("--master", "not a Spark master URL: '" + conf.get("spark.master")
                        + "' (give local[N], local[N,RETRIES], spark://HOST:7077 or k8s://...)");
            }
            throw unchecked(e);
        }
        int failAt = Integer.getInteger(FAIL_FIRST_ATTEMPT_PROPERTY, -1);
        return new SparkSession(context, context.broadcast(job), failAt, job.driverSink());
    }

    /**
     * Spark's start-up warnings (a loopback host name, no native Hadoop) say nothing about the sweep: errors
     * only, unless the user set a level. slf4j-simple reads these when a logger is first made.
     */
    private static void quietSparkLogging() {
        for (String logger : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) System.setProperty(key, "error");
        }
    }

    private static final class SparkSession implements Session {
        private final JavaSparkContext context;
        private final Broadcast<PointJob> job;
        private final int failFirstAttemptAtPoint;
        private final OptimumFiles files;
        private int optimumSolvesStoppedByTime;

        SparkSession(JavaSparkContext context, Broadcast<PointJob> job, int failFirstAttemptAtPoint, OptimumFiles files) {
            this.context = context;
            this.job = job;
            this.failFirstAttemptAtPoint = failFirstAttemptAtPoint;
            this.files = files;
        }

        @Override
        public List<ExperimentRow> evaluate(List<SweepPoint> points) {
            int slices = Math.min(points.size(), TASKS_PER_SLOT * parallelism());
            List<EvaluatePoints.Slice> results;
            try {
                results = context.parallelize(points, Math.max(1, slices))
                        .mapPartitions(new EvaluatePoints(job, failFirstAttemptAtPoint))
                        .collect(); // partitions in order, so rows in point order
            } catch (Exception e) {
                throw unchecked(e);
            }
            List<ExperimentRow> rows = new ArrayList<>();
            for (EvaluatePoints.Slice s : results) {
                // into the folder before the runner stores the rows, as the local engine writes them
                for (EvaluatePoints.PointFiles f : s.files()) files.keep(f.label(), f.point(), f.files());
                rows.addAll(s.rows());
                optimumSolvesStoppedByTime += s.optimumSolvesStoppedByTime();
            }
            return rows;
        }

        @Override
        public int parallelism() { return context.defaultParallelism(); }

        @Override
        public int optimumSolvesStoppedByTime() { return optimumSolvesStoppedByTime; }

        @Override
        public void close() { context.stop(); }
    }

    /**
     * Bad input found on an executor (a latency file, say) is still bad input on the driver: exit 2 with its
     * one line. Anything else (a task that failed more often than Spark retries it) ends the run as a crash.
     */
    static RuntimeException unchecked(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BadInputException b) return b;
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
