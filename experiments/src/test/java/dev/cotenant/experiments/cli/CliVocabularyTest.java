package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A domain setting's error is shown at the running command's own option, or by the setting's name when it has none. */
class CliVocabularyTest {
    private static CommandLine.Model.CommandSpec command(String name) {
        return CotenantCli.commandLine().getSubcommands().get(name).getCommandSpec();
    }

    @Test
    void oneSettingIsRenderedAtEachCommandsOption() {
        BadInputException e = BadInputException.setting("slo_multiplier", "must be finite and > 0, got 0.0");
        assertEquals("--slo-mult: must be finite and > 0, got 0.0", CliVocabulary.render(e, command("simulate")));
        assertEquals("--slo-mults: must be finite and > 0, got 0.0", CliVocabulary.render(e, command("tune")));
        // experiment run sets it in the spec, under the setting's own name
        assertEquals("slo_multiplier: must be finite and > 0, got 0.0", CliVocabulary.render(e, command("experiment")));
        BadInputException cost = BadInputException.setting("switch_cost_s", "must be a finite number >= 0, got -1.0");
        assertEquals("--switch-cost: must be a finite number >= 0, got -1.0", CliVocabulary.render(cost, command("simulate")));
        BadInputException lastN = BadInputException.setting("last_n", "must be >= 1, got 0");
        assertEquals("--last-n: must be >= 1, got 0", CliVocabulary.render(lastN, command("simulate")), "the default rule: dashes for underscores");
        // an error that is not a setting's is printed as it is
        assertEquals("f.csv:3: bad", CliVocabulary.render(BadInputException.at("f.csv", 3, "bad"), command("simulate")));
    }

    @Test
    void theSimulateCommandShowsABadKernelSettingAtItsOption() {
        CliTest.Result r = CliTest.cotenant("simulate", "--switch-cost", "-1", "--requests", "10", "--out", "/nonexistent/never-written");
        assertEquals(2, r.status(), r.err());
        assertEquals("cotenant simulate: --switch-cost: must be a finite number >= 0, got -1.0", r.err().strip());
    }
}
