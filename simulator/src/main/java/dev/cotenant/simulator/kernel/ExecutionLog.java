package dev.cotenant.simulator.kernel;

/** Receives every layer the kernel runs, for tests and traces of a schedule; null in fast runs. */
@FunctionalInterface
public interface ExecutionLog {
    void onLayer(int request, int layer, double startSeconds, double endSeconds);
}
