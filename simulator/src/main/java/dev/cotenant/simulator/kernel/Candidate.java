package dev.cotenant.simulator.kernel;

/**
 * Something the kernel can run on the traces of a batch: a policy (the same rule on every trace)
 * or an explicit schedule (made for one trace). Each call returns a fresh scheduler, since
 * schedulers keep per-run scratch and every worker needs its own.
 */
@FunctionalInterface
public interface Candidate {
    Scheduler newScheduler(int traceIndex);
}
