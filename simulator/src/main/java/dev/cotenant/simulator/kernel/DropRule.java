package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * When the kernel gives up on a request (a frame nobody will use any more). A dropped request stops
 * running at the next layer boundary, is counted as dropped (and as a miss), and every request
 * that waits for it is dropped with it.
 */
public enum DropRule {
    /** Nothing is dropped: every request runs to completion (the published setting). */
    NONE("none"),
    /** A request is dropped at the first decision after its deadline has passed. */
    LATE("late"),
    /** A request is dropped when a newer frame of the same stream (model) arrives. */
    SUPERSEDED("superseded");

    private final String cliName;

    DropRule(String cliName) { this.cliName = cliName; }

    public String cliName() { return cliName; }

    public static DropRule byCliName(String name) {
        for (DropRule d : values()) if (d.cliName.equals(name)) return d;
        throw BadInputException.setting("drop", "unknown drop rule '" + name + "'; known: "
                + Arrays.stream(values()).map(DropRule::cliName).collect(Collectors.joining(", ")));
    }
}
