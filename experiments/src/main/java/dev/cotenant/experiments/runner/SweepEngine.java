package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.BadInputException;

import java.io.PrintStream;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the points of a sweep are evaluated: {@link #local()} (a thread pool in this JVM, the default)
 * or an engine another module provides through {@link Provider} (the {@code spark} engine of the
 * {@code spark-engine} module, found at run time so that this module and the CLI jar do not need it).
 * Every engine returns the rows {@link PointEvaluator} would, so the store, its manifest and its resume
 * rule do not depend on the engine.
 */
public interface SweepEngine {
    String LOCAL = "local";
    String SPARK = "spark";

    String name();

    /**
     * Starts evaluating points of {@code job} (e.g. a Spark context); the runner closes it when the sweep ends.
     *
     * @param threads worker threads of the local pool; a distributed engine sizes itself from its cluster
     */
    Session open(PointJob job, int threads, PrintStream log);

    /** One sweep's use of an engine. */
    interface Session extends AutoCloseable {
        /** The rows of {@code points}: point by point, entries in spec order, as {@link PointEvaluator#evaluate}. */
        List<ExperimentRow> evaluate(List<SweepPoint> points);

        /** Points evaluated at once (threads, or a cluster's task slots): the runner's batches are at least twice this. */
        int parallelism();

        /** Optimum solves of this session that the wall clock ended before their move budget ({@link PointEvaluator}). */
        int optimumSolvesStoppedByTime();

        @Override
        void close();
    }

    /** An engine in another module, listed in its {@code META-INF/services/dev.cotenant.experiments.runner.SweepEngine$Provider}. */
    interface Provider {
        String name();

        /** @param master where to run (a Spark master URL, say), or null for the engine's default */
        SweepEngine create(String master);
    }

    /** Today's engine: batches on a pool of {@code threads} in this JVM. */
    static SweepEngine local() { return LocalEngine.INSTANCE; }

    /**
     * The engine called {@code name}; {@code master} only applies to a distributed one.
     * An engine whose module is not on the class path is bad input that says how to get it there.
     */
    static SweepEngine named(String name, String master) {
        if (name.equals(LOCAL)) {
            if (master != null) throw BadInputException.at("--master", "only applies with --engine " + SPARK);
            return local();
        }
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) return p.create(master);
        }
        if (name.equals(SPARK)) {
            throw BadInputException.at("--engine", "spark: the Spark engine is not on the class path; run through ./cotenant (which adds "
                    + "spark-engine/target/ when --engine spark is given) or spark-submit its job jar (docs/distributed.md)");
        }
        throw BadInputException.at("--engine", "unknown engine '" + name + "'; allowed: " + LOCAL + ", " + SPARK);
    }
}
