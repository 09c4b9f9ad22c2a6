package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.plugin.Plugins;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Schedulers;
import picocli.CommandLine.Command;

@Command(name = "schedulers", mixinStandardHelpOptions = true, description = "List the schedulers and their tunable parameters.")
public final class SchedulersCommand implements Runnable {
    @Override
    public void run() {
        java.util.List<String> names = new java.util.ArrayList<>(Schedulers.names());
        names.addAll(Schedulers.familyNames()); // not in 'all', but named and tuned like the others
        for (String name : names) print(name, Schedulers.description(name), Schedulers.space(name));
        if (Plugins.loaded().isEmpty()) return;
        System.out.println();
        System.out.println("plug-ins (--plugins):");
        for (Plugins.Loaded p : Plugins.loaded()) {
            String kind = p.kind().equals("scheduler") ? "time-multiplexed scheduler" : "MoCA policy";
            print(p.name(), p.description() + " [" + kind + " from " + java.nio.file.Path.of(p.source()).getFileName() + "]",
                    p.kind().equals("scheduler") ? Schedulers.space(p.name()) : MocaPolicies.space(p.name()));
        }
    }

    private static void print(String name, String description, ParameterSpace space) {
        System.out.printf("%-13s %s%n", name, description);
        for (Parameter p : space.parameters()) {
            if (p.isCategorical()) {
                System.out.printf("%15s %s = %s, one of %s: %s%n", "", p.name(), p.format(p.defaultValue()),
                        String.join(" / ", p.categories()), p.description());
            } else {
                System.out.printf("%15s %s = %s in [%s, %s], %s scale: %s%n", "", p.name(), p.defaultValue(), p.lower(), p.upper(),
                        p.scale().name().toLowerCase(), p.description());
            }
        }
    }
}
