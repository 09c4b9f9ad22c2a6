package dev.cotenant.simulator.kernel;

/**
 * The time-multiplexed accelerator of Sparse-DySta: one layer of one request at a time,
 * preemption at layer boundaries. The loop is docs/schedulers.md's: admit, let the scheduler pick,
 * run one layer. One kernel per thread: it owns reusable scratch and allocates nothing per step
 * (nor per run once its arrays are as long as the longest trace it has seen).
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

        double t = 0;
        double busy = 0;
        long steps = 0;
        long switches = 0;
        int count = 0;
        int nextArrival = 0;
        int finished = 0;
        int previous = -1;
        while (finished < n) {
            if (artifactClock) {
                // The artifact's clock: an empty queue jumps (possibly back) to the next arrival and
                // admits it alone; otherwise requests strictly earlier than now are admitted.
                if (count == 0) {
                    t = arrival[nextArrival];
                    admittedAt[nextArrival] = t;
                    lastRun[nextArrival] = arrival[nextArrival];
                    admitted[count++] = nextArrival++;
                } else {
                    while (nextArrival < n && arrival[nextArrival] < t) {
                        admittedAt[nextArrival] = t;
                        lastRun[nextArrival] = arrival[nextArrival];
                        admitted[count++] = nextArrival++;
                    }
                }
            } else {
                if (count == 0 && arrival[nextArrival] > t) t = arrival[nextArrival];
                while (nextArrival < n && arrival[nextArrival] <= t) {
                    admittedAt[nextArrival] = t;
                    lastRun[nextArrival] = arrival[nextArrival];
                    admitted[count++] = nextArrival++;
                }
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
                finished++;
                count--;
                System.arraycopy(admitted, position + 1, admitted, position, count - position);
            }
            previous = r;
        }
        outcome.busySeconds = busy;
        outcome.layerSteps = steps;
        outcome.switches = switches;
    }
}
