package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.Schedulers;
import picocli.CommandLine.Command;

@Command(name = "schedulers", mixinStandardHelpOptions = true, description = "List the schedulers and their tunable parameters.")
public final class SchedulersCommand implements Runnable {
    @Override
    public void run() {
        for (String name : Schedulers.names()) {
            System.out.printf("%-13s %s%n", name, Schedulers.description(name));
            for (Parameter p : Schedulers.space(name).parameters()) {
                System.out.printf("%15s %s = %s in [%s, %s], %s scale: %s%n", "", p.name(), p.defaultValue(), p.lower(), p.upper(),
                        p.scale().name().toLowerCase(), p.description());
            }
        }
    }
}
