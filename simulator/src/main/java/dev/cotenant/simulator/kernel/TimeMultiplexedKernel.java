package dev.cotenant.simulator.kernel;

/**
 * The time-multiplexed accelerator of Sparse-DySta: one layer of one request at a time,
 * preemption at layer boundaries. The loop is docs/schedulers.md's: admit, let the scheduler pick,
 * run one layer. One kernel per thread: it owns reusable scratch and allocates nothing per step
 * (nor per run once its arrays are as long as the longest trace it has seen).
 *
 * <p>Real-time rules (docs/realtime.md): a request that depends on others is admitted when it has
 * arrived and they have all finished; the options' {@link DropRule} drops requests, and with them
 * everything that waits for them. Without dependencies and drops the loop is the published one.
 */
public final class TimeMultiplexedKernel {
    private final KernelOptions options;
    private final DecisionState state = new DecisionState();

    public TimeMultiplexedKernel(KernelOptions options) { this.options = options; }

    public TimeMultiplexedKernel() { this(KernelOptions.PUBLISHED); }

    public KernelOptions options() { return options; }

    /** Runs {@code trace} under {@code scheduler}; a new outcome. */
    public Outcome run(CompiledTrace trace, Scheduler scheduler) {
        Outcome outcome = new Outcome();
        run(trace, scheduler, outcome, null);
        return outcome;
    }

    /** Runs {@code trace} under {@code scheduler} into {@code outcome}, reporting each layer to {@code log} if not null. */
    public void run(CompiledTrace trace, Scheduler scheduler, Outcome outcome, ExecutionLog log) {
        final int n = trace.size;
        outcome.reset(n);
        if (n == 0) return;
        state.begin(trace, scheduler, options);
        scheduler.reset(n);
        final DecisionState s = state;
        final double[] arrival = trace.arrivalSeconds;
        final double[] deadline = trace.deadlineSeconds;
        final int[] rowStart = trace.rowStart;
        final int[] layerCount = trace.layerCount;
        final double[] layerSeconds = trace.workload.layerSeconds;
        final int[] admitted = s.admitted;
        final int[] nextLayer = s.nextLayer;
        final double[] lastRun = s.lastRunSeconds;
        final double[] admittedAt = outcome.admittedSeconds;
        final double[] finish = outcome.finishSeconds;
        final boolean artifactClock = options.artifactClock();
        final double switchCost = options.switchCostSeconds();
        // The real-time rules; with neither (Poisson traces, the published setting) every request is
        // released at its arrival and the loop below is the published one.
        final boolean dependencies = trace.dependencies != null;
        final boolean dropLate = options.drop() == DropRule.LATE;
        final boolean supersede = options.drop() == DropRule.SUPERSEDED;
        final boolean realtime = dependencies || dropLate || supersede;
        if (realtime) s.beginRealtime(trace);
        final int[] waitingFor = s.waitingFor;
        final byte[] status = s.status;

        double t = 0;
        double busy = 0;
        long steps = 0;
        long switches = 0;
        int count = 0;
        int nextArrival = 0;
        int resolved = 0;
        int previous = -1;
        while (resolved < n) {
            if (artifactClock) {
                // The artifact's clock: an empty queue jumps (possibly back) to the next arrival and
                // admits it alone; otherwise requests strictly earlier than now are admitted.
                if (count == 0) {
                    if (nextArrival == n) throw new IllegalStateException("requests wait for predecessors that never finish");
                    t = arrival[nextArrival];
                    if (realtime) {
                        s.nowSeconds = t;
                        count = arrive(nextArrival++, count, outcome, trace);
                        resolved = s.resolved;
                    } else {
                        admittedAt[nextArrival] = t;
                        lastRun[nextArrival] = arrival[nextArrival];
                        admitted[count++] = nextArrival++;
                    }
                } else {
                    if (realtime) s.nowSeconds = t;
                    while (nextArrival < n && arrival[nextArrival] < t) {
                        if (realtime) {
                            count = arrive(nextArrival++, count, outcome, trace);
                        } else {
                            admittedAt[nextArrival] = t;
                            lastRun[nextArrival] = arrival[nextArrival];
                            admitted[count++] = nextArrival++;
                        }
                    }
                    if (realtime) resolved = s.resolved;
                }
            } else {
                if (count == 0 && nextArrival < n && arrival[nextArrival] > t) t = arrival[nextArrival];
                if (realtime) s.nowSeconds = t;
                while (nextArrival < n && arrival[nextArrival] <= t) {
                    if (realtime) {
                        count = arrive(nextArrival++, count, outcome, trace);
                    } else {
                        admittedAt[nextArrival] = t;
                        lastRun[nextArrival] = arrival[nextArrival];
                        admitted[count++] = nextArrival++;
                    }
                }
                if (realtime) resolved = s.resolved;
            }
            if (dropLate && count > 0) {
                // Every admitted request past its deadline is dropped, the others keep their order.
                int kept = 0;
                for (int p = 0; p < count; p++) {
                    int r = admitted[p];
                    if (deadline[r] < t) {
                        s.drop(r, t, outcome, trace);
                    } else {
                        admitted[kept++] = r;
                    }
                }
                count = kept;
                resolved = s.resolved;
            }
            if (count == 0) {
                if (resolved < n && nextArrival == n) throw new IllegalStateException("requests wait for predecessors that never finish");
                continue;
            }
            s.nowSeconds = t;
            s.admittedCount = count;
            int position = scheduler.pick(s);
            int r = admitted[position];
            if (previous >= 0 && previous != r) {
                switches++;
                t += switchCost;
                busy += switchCost;
            }
            int layer = nextLayer[r];
            double start = t;
            double seconds = layerSeconds[rowStart[r] + layer];
            t += seconds;
            busy += seconds;
            steps++;
            nextLayer[r] = layer + 1;
            lastRun[r] = t;
            if (log != null) log.onLayer(r, layer, start, t);
            if (layer + 1 == layerCount[r]) {
                finish[r] = t;
                resolved++;
                count--;
                System.arraycopy(admitted, position + 1, admitted, position, count - position);
                if (realtime) {
                    status[r] = DecisionState.FINISHED;
                    s.resolved = resolved;
                    if (dependencies) {
                        // Release the dependants this finish completes and that have already arrived.
                        int[] dependants = trace.dependants;
                        for (int k = trace.dependantStart[r], end = trace.dependantStart[r + 1]; k < end; k++) {
                            int d = dependants[k];
                            if (--waitingFor[d] == 0 && status[d] == DecisionState.ARRIVED) {
                                status[d] = DecisionState.ADMITTED;
                                admittedAt[d] = t;
                                lastRun[d] = t;
                                admitted[count++] = d;
                            }
                        }
                    }
                }
            }
            previous = r;
        }
        outcome.busySeconds = busy;
        outcome.layerSteps = steps;
        outcome.switches = switches;
    }

    /**
     * Request {@code r} arrives at {@code state.nowSeconds}: it supersedes the previous frame of its
     * stream (under {@link DropRule#SUPERSEDED}), then is admitted if nothing it waits for is
     * unfinished. Returns the new admitted count.
     */
    private int arrive(int r, int count, Outcome outcome, CompiledTrace trace) {
        DecisionState s = state;
        double t = s.nowSeconds;
        if (options.drop() == DropRule.SUPERSEDED) {
            int stream = trace.stream[r];
            int older = s.latestOfStream[stream];
            s.latestOfStream[stream] = r;
            if (older >= 0 && s.status[older] != DecisionState.FINISHED && s.status[older] != DecisionState.DROPPED) {
                boolean wasAdmitted = s.status[older] == DecisionState.ADMITTED;
                s.drop(older, t, outcome, trace);
                if (wasAdmitted) {
                    int[] admitted = s.admitted;
                    int p = 0;
                    while (admitted[p] != older) p++;
                    count--;
                    System.arraycopy(admitted, p + 1, admitted, p, count - p);
                }
            }
        }
        if (s.status[r] == DecisionState.DROPPED) return count; // a predecessor was dropped before it arrived
        if (s.waitingFor[r] > 0) {
            s.status[r] = DecisionState.ARRIVED;
            return count;
        }
        s.status[r] = DecisionState.ADMITTED;
        outcome.admittedSeconds[r] = t;
        s.lastRunSeconds[r] = trace.arrivalSeconds[r];
        s.admitted[count] = r;
        return count + 1;
    }
}
