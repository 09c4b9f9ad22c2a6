package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.BadInputException;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Map;

/**
 * The CLI's words for the domain's settings: a bad-input error that names a setting
 * ({@link BadInputException#isSetting()}, such as {@code slo_multiplier}) is shown at the option of
 * the running command that sets it ({@code --slo-mult} in {@code simulate}, {@code --slo-mults} in
 * {@code tune}), so an error never names an option the command does not have. A setting no option
 * of the command sets is shown by its own name (a spec key, for {@code experiment run}).
 */
final class CliVocabulary {
    /** Options that set a setting, in the order tried; a setting not listed is tried as {@code --name-with-dashes}. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "arrival_rate_per_s", List.of("--rate", "--rates"),
            "offered_load", List.of("--loads"),
            "slo_multiplier", List.of("--slo-mult", "--slo-mults"),
            "switch_cost_s", List.of("--switch-cost"),
            "time_limit_s", List.of("--time-limit"),
            "schedulers", List.of("--schedulers", "--policy", "--policies"),
            "metric", List.of("--objective", "--metric"));

    private CliVocabulary() {}

    /** The one line to print for {@code e} in {@code command}. */
    static String render(BadInputException e, CommandSpec command) {
        if (!e.isSetting()) return e.getMessage();
        // a parameter's narrowed search range: tune's --bound NAME=LO:HI
        if (e.where().startsWith("bound.") && command != null && command.findOption("--bound") != null) {
            return "--bound " + e.where().substring("bound.".length()) + ": " + e.problem();
        }
        List<String> candidates = OPTIONS.getOrDefault(e.where(), List.of("--" + e.where().replace('_', '-')));
        for (String option : candidates) {
            if (command != null && command.findOption(option) != null) return option + ": " + e.problem();
        }
        return e.getMessage();
    }
}
