package dev.cotenant.simulator.plugin;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A plug-in's scheduler as the kernel runs it: a pick that throws or names a position outside the
 * admitted requests stops the run with one line naming the plug-in, the scheduler and the decision,
 * instead of a stack trace or a silently wrong schedule. A pick that never returns is caught by
 * {@link DecisionWatchdog}, which reads the two fields below.
 *
 * <p>Cost per decision: a try block, a range check and two opaque stores (plain stores on x86),
 * so a plug-in runs at the speed of the same rule built in ({@code PlugInOverheadBenchmark}).
 */
final class GuardedScheduler extends Scheduler {
    private static final VarHandle IN_PICK, DECISIONS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN_PICK = l.findVarHandle(GuardedScheduler.class, "inPick", boolean.class);
            DECISIONS = l.findVarHandle(GuardedScheduler.class, "decisions", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Scheduler inner;
    private final String origin;
    @SuppressWarnings("unused") private boolean inPick; // written opaquely, read by the watchdog
    private long decisions;

    GuardedScheduler(Scheduler inner, String origin) {
        super(inner.name(), inner.patternAware(), inner.usesMonitor());
        this.inner = inner;
        this.origin = origin;
        DecisionWatchdog.watch(this);
    }

    @Override
    public void reset(int requestCount) {
        DECISIONS.setOpaque(this, 0L);
        try {
            inner.reset(requestCount);
        } catch (RuntimeException | StackOverflowError e) {
            throw failure("reset for " + requestCount + " requests", e);
        }
    }

    @Override
    public int pick(DecisionState state) {
        long decision = decisions;
        IN_PICK.setOpaque(this, true);
        int position;
        try {
            position = inner.pick(state);
        } catch (RuntimeException | StackOverflowError e) {
            throw failure(where(decision, state), e);
        } finally {
            IN_PICK.setOpaque(this, false);
        }
        if (position < 0 || position >= state.admittedCount()) {
            throw BadInputException.at(origin, "scheduler '" + name() + "' picked position " + position + " at "
                    + where(decision, state) + ", but only positions 0.." + (state.admittedCount() - 1) + " are admitted requests");
        }
        DECISIONS.setOpaque(this, decision + 1);
        return position;
    }

    private BadInputException failure(String when, Throwable e) {
        return BadInputException.at(origin, "scheduler '" + name() + "' threw " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " (" + e.getMessage().lines().findFirst().orElse("") + ")") + " at " + when);
    }

    private static String where(long decision, DecisionState state) {
        return "decision " + decision + " (t = " + state.nowSeconds() + " s, " + state.admittedCount() + " admitted)";
    }

    String origin() { return origin; }
    boolean inPick() { return (boolean) IN_PICK.getOpaque(this); }
    long decisions() { return (long) DECISIONS.getOpaque(this); }
}
