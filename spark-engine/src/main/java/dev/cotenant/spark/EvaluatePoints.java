package dev.cotenant.spark;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.runner.PointEvaluator;
import dev.cotenant.experiments.runner.PointJob;
import dev.cotenant.experiments.spec.SpecSetting;
import dev.cotenant.experiments.spec.SweepPoint;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Spark task: a slice of a batch's points to their rows, on one thread of an executor (Spark runs
 * one task per slot, so the slots are the parallelism). A pure function of the points and the
 * broadcast job, so a retried task returns what the failed attempt would have. An optimum entry's
 * per-point files come back with the rows: the executor has no result folder.
 */
final class EvaluatePoints implements FlatMapFunction<Iterator<SweepPoint>, EvaluatePoints.Slice> {
    private static final long serialVersionUID = 1L;

    /** A task's result: its rows in point order, how many of its optimum solves stopped on time, and their files. */
    record Slice(List<ExperimentRow> rows, int optimumSolvesStoppedByTime, List<PointFiles> files) implements Serializable {}

    /** One point's files of an optimum entry, made on the executor for the driver to write. */
    record PointFiles(String label, int point, Map<String, byte[]> files) implements Serializable {}

    /** Failures injected by the test hook in this JVM (in local mode, the driver's). */
    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

    private final Broadcast<PointJob> job;
    private final int failFirstAttemptAtPoint;

    EvaluatePoints(Broadcast<PointJob> job, int failFirstAttemptAtPoint) {
        this.job = job;
        this.failFirstAttemptAtPoint = failFirstAttemptAtPoint;
    }

    @Override
    public Iterator<Slice> call(Iterator<SweepPoint> input) {
        List<SweepPoint> points = new ArrayList<>();
        input.forEachRemaining(points::add);
        if (points.isEmpty()) return List.<Slice>of().iterator();
        if (points.stream().anyMatch(p -> p.index() == failFirstAttemptAtPoint) && TaskContext.get().attemptNumber() == 0) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure of the first attempt at point " + failFirstAttemptAtPoint
                    + " (" + SparkSweepEngine.FAIL_FIRST_ATTEMPT_PROPERTY + ")");
        }
        List<PointFiles> files = Collections.synchronizedList(new ArrayList<>());
        PointEvaluator evaluator = job.value().newEvaluator(new SpecSetting.OptimumSink() {
            @Override
            public void keep(String label, int point, Map<String, byte[]> content) { files.add(new PointFiles(label, point, new HashMap<>(content))); }

            @Override
            public PrintStream log() { return null; } // progress lines on an executor would reach no one
        });
        List<ExperimentRow> rows = evaluator.evaluate(points, 1);
        return List.of(new Slice(rows, evaluator.optimumSolvesStoppedByTime(), List.copyOf(files))).iterator();
    }
}
