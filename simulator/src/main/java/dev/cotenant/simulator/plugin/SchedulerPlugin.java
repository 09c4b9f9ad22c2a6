package dev.cotenant.simulator.plugin;

import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * A time-multiplexed scheduler brought by a user's jar: the service a plug-in provides, listed in
 * its {@code META-INF/services/dev.cotenant.simulator.plugin.SchedulerPlugin} and loaded by
 * {@link Plugins#load}. Once loaded it is a scheduler like the built-in ones: every command that
 * takes schedulers runs it, {@code tune} searches its {@link #space()}, {@code compare} sets it
 * beside the optimum.
 *
 * <p>The scheduler it creates extends {@link Scheduler} and reads a
 * {@link dev.cotenant.simulator.kernel.DecisionState}, exactly as the built-in schedulers do
 * (they are the examples: {@code dev.cotenant.simulator.policy}). Rules a plug-in must keep,
 * because results must depend on the seed alone: {@link #create} returns a fresh instance each
 * call (each worker thread runs its own); no static mutable state, no clock, no randomness that is
 * not seeded from the decision state.
 */
public interface SchedulerPlugin {
    /** The name commands use ({@code --schedulers least-slack}); lower case, digits and '-'; must not clash with a built-in. */
    String name();

    /** One line for {@code cotenant schedulers}. */
    String description();

    /** The bounded parameters the tuner may search; {@link ParameterSpace#EMPTY} for none. */
    ParameterSpace space();

    /** A fresh scheduler for {@code parameters} (one value per parameter of {@link #space()}, already validated). */
    Scheduler create(double[] parameters);
}
