/**
 * Bring your own scheduler: the stable surface for plug-ins (docs/extending.md).
 *
 * <p>A plug-in is a jar with {@link dev.cotenant.simulator.plugin.SchedulerPlugin} (a
 * time-multiplexed scheduler) or {@link dev.cotenant.simulator.plugin.MultiTilePolicyPlugin} (the
 * queue order of MoCA's dispatcher) providers listed under {@code META-INF/services}, given to any
 * command with {@code --plugins PATH}. The surface a plug-in may rely on is this package plus
 * {@link dev.cotenant.simulator.kernel.Scheduler}, {@link dev.cotenant.simulator.kernel.DecisionState}
 * (except its {@code workload()} and {@code rowStart()}, which expose the kernel's layout),
 * {@link dev.cotenant.simulator.policy.ParameterSpace}, {@link dev.cotenant.simulator.policy.Parameter}
 * and {@link dev.cotenant.simulator.policy.DystaScore}; everything else may change between versions.
 * The built-in schedulers of {@code dev.cotenant.simulator.policy} use nothing more.
 */
package dev.cotenant.simulator.plugin;
