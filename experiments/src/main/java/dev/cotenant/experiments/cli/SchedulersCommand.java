package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.plugin.Plugins;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Schedulers;
import picocli.CommandLine.Command;

@Command(name = "schedulers", mixinStandardHelpOptions = true, description = "List the schedulers and their tunable parameters.")
public final class SchedulersCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        java.util.List<String> names = new java.util.ArrayList<>(Schedulers.names());
        names.addAll(Schedulers.familyNames()); // not in 'all', but named and tuned like the others
        for (String name : names) print(stdout, name, Schedulers.description(name), Schedulers.space(name));
        if (Plugins.loaded().isEmpty()) return;
        stdout.println();
        stdout.println("plug-ins (--plugins):");
        for (Plugins.Loaded p : Plugins.loaded()) {
            String kind = p.kind().equals("scheduler") ? "time-multiplexed scheduler" : "MoCA policy";
            print(stdout, p.name(), p.description() + " [" + kind + " from " + java.nio.file.Path.of(p.source()).getFileName() + "]",
                    p.kind().equals("scheduler") ? Schedulers.space(p.name()) : MocaPolicies.space(p.name()));
        }
    }

    private static void print(java.io.PrintWriter stdout, String name, String description, ParameterSpace space) {
        stdout.printf(java.util.Locale.ROOT, "%-13s %s%n", name, description);
        for (Parameter p : space.parameters()) {
            if (p.isCategorical()) {
                stdout.printf(java.util.Locale.ROOT, "%15s %s = %s, one of %s: %s%n", "", p.name(), p.format(p.defaultValue()),
                        String.join(" / ", p.categories()), p.description());
            } else {
                stdout.printf(java.util.Locale.ROOT, "%15s %s = %s in [%s, %s], %s scale: %s%n", "", p.name(), p.defaultValue(), p.lower(), p.upper(),
                        p.scale().name().toLowerCase(), p.description());
            }
        }
    }
}
