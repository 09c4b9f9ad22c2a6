package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/** {@code fcfs}: the earliest arrival runs. Admission order is arrival order, so that is the head of the queue. */
final class FirstComeFirstServed extends Scheduler {
    FirstComeFirstServed() { super("fcfs", false, false); }

    @Override
    public int pick(DecisionState s) { return 0; }
}
