package dev.cotenant.simulator;

/**
 * Input that cannot be used as given: a malformed file, an unknown name, an out-of-range number.
 * The message is one line that names where the problem is ({@code file:line}, or a key) and what
 * is wrong, so the CLI can print it as is and exit with status 2.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    /** {@code where} is a file, {@code file:line}, or an option name; {@code problem} says what is wrong. */
    public static BadInputException at(String where, String problem) {
        return new BadInputException(where + ": " + problem);
    }

    public static BadInputException at(String file, int lineNumber, String problem) {
        return new BadInputException(file + ":" + lineNumber + ": " + problem);
    }
}
