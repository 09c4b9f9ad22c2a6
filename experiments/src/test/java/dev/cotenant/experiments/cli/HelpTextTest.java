package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Help reads as sentences: the command list is never cut mid-sentence, and every description ends like one. */
class HelpTextTest {
    @Test
    void everyCommandAndOptionDescriptionIsCompleteSentences() {
        List<String> cut = new ArrayList<>();
        walk(CotenantCli.commandLine(), cut);
        assertTrue(cut.isEmpty(), "descriptions that do not end a sentence:\n" + String.join("\n", cut));
    }

    @Test
    void theCommandListShowsWholeFirstSentences() {
        // compare's description is hard-wrapped; picocli's own list showed its first line, "... to the lower bound,".
        assertEquals("Gap of every published heuristic (and of tuned or learned policies) to the offline optimum and to the lower bound, "
                        + "per workload, arrival rate (or offered load) and SLO multiplier, averaged over seeds.",
                CotenantCli.firstSentence(CotenantCli.commandLine().getSubcommands().get("compare").getCommandSpec().usageMessage().description()));
        assertEquals("One. ", CotenantCli.firstSentence(new String[] {"One. ", "Two."}) + " ");
        String usage = CotenantCli.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("averaged over") && usage.contains("seeds."), usage);
        assertTrue(!usage.contains("Writes OUT/gaps.csv"), "only the first sentence in the list: " + usage);
    }

    private static void walk(CommandLine cli, List<String> cut) {
        CommandSpec spec = cli.getCommandSpec();
        String name = spec.qualifiedName(" ");
        String description = String.join(" ", spec.usageMessage().description()).strip();
        if (!description.isEmpty() && !endsASentence(description)) cut.add(name + ": " + description);
        for (OptionSpec o : spec.options()) {
            String text = String.join(" ", o.description()).strip();
            if (!endsASentence(text)) cut.add(name + " " + o.longestName() + ": " + text);
        }
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            String text = String.join(" ", p.description()).strip();
            if (!endsASentence(text)) cut.add(name + " " + p.paramLabel() + ": " + text);
        }
        for (CommandLine sub : cli.getSubcommands().values()) walk(sub, cut);
    }

    private static boolean endsASentence(String text) {
        return text.endsWith(".") || text.endsWith(".)") || text.endsWith("?") || text.endsWith("!");
    }
}
