package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.SweepPoint;

import java.io.PrintStream;
import java.util.List;

/** The default engine: each batch on a work-stealing pool of this JVM ({@link PointEvaluator}). */
final class LocalEngine implements SweepEngine {
    static final LocalEngine INSTANCE = new LocalEngine();

    private LocalEngine() {}

    @Override
    public String name() { return LOCAL; }

    @Override
    public Session open(PointJob job, int threads, PrintStream log) {
        PointEvaluator evaluator = job.newEvaluator();
        return new Session() {
            @Override
            public List<ExperimentRow> evaluate(List<SweepPoint> points) { return evaluator.evaluate(points, threads); }

            @Override
            public int parallelism() { return threads; }

            @Override
            public int optimumSolvesStoppedByTime() { return evaluator.optimumSolvesStoppedByTime(); }

            @Override
            public void close() {}
        };
    }
}
