package dev.cotenant.simulator.plugin;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Catches a plug-in scheduler whose pick never returns (a loop that no exception ends): a daemon
 * thread looks at every live plug-in scheduler a few times a second, and one that has stayed inside
 * the same decision for {@link #budgetSeconds()} is reported. A thread spinning inside foreign code
 * cannot be stopped safely from outside, so the report is the end of the process: the CLI prints one
 * line and exits with status 2 before any result is written.
 *
 * <p>The budget is 10 s of wall time per decision (a decision of a built-in scheduler takes
 * nanoseconds), or {@code -Dcotenant.plugin.decisionSeconds=S}.
 */
public final class DecisionWatchdog {
    private static final List<WeakReference<GuardedScheduler>> WATCHED = new ArrayList<>();
    private static Consumer<String> onStuck = message -> {
        System.err.println("cotenant: " + message);
        Runtime.getRuntime().halt(2); // the stuck thread cannot be stopped; nothing is written after this
    };
    private static Thread thread;

    private DecisionWatchdog() {}

    /** Seconds one decision of a plug-in may take before the run is stopped. */
    public static double budgetSeconds() {
        return Double.parseDouble(System.getProperty("cotenant.plugin.decisionSeconds", "10"));
    }

    /** Replaces what happens to a stuck plug-in (tests record the message instead of ending the JVM). */
    static synchronized void onStuck(Consumer<String> handler) { onStuck = handler; }

    static synchronized void watch(GuardedScheduler scheduler) {
        WATCHED.removeIf(r -> r.get() == null);
        WATCHED.add(new WeakReference<>(scheduler));
        if (thread == null) {
            thread = new Thread(DecisionWatchdog::loop, "cotenant-plugin-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private static void loop() {
        // per watched scheduler: the decision count last seen while it was inside a pick, and since when
        java.util.Map<GuardedScheduler, long[]> seen = new java.util.WeakHashMap<>();
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            List<GuardedScheduler> live = new ArrayList<>();
            synchronized (DecisionWatchdog.class) {
                for (WeakReference<GuardedScheduler> r : WATCHED) if (r.get() != null) live.add(r.get());
            }
            for (GuardedScheduler s : live) {
                if (!s.inPick()) {
                    seen.remove(s);
                    continue;
                }
                long decision = s.decisions();
                long[] last = seen.get(s);
                if (last == null || last[0] != decision) {
                    seen.put(s, new long[] {decision, now});
                } else if ((now - last[1]) / 1e9 >= budgetSeconds()) {
                    seen.remove(s);
                    Consumer<String> handler;
                    synchronized (DecisionWatchdog.class) { handler = onStuck; }
                    handler.accept(s.origin() + ": scheduler '" + s.name() + "' has not returned from decision " + decision
                            + " for " + budgetSeconds() + " s (a loop that never ends?); stopped, nothing written");
                }
            }
        }
    }
}
