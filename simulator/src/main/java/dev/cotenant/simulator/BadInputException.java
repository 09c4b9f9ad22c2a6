package dev.cotenant.simulator;

/**
 * Input that cannot be used as given: a malformed file, an unknown name, an out-of-range number.
 * It is data: {@link #where()} (a file, {@code file:line}, a key or option, or one of the domain's
 * setting names) and {@link #problem()} (what is wrong). The message is the one line
 * {@code where: problem}, which the CLI prints as is and exits with status 2.
 *
 * <p>The domain names its own settings ({@link #setting}) in its own words, {@code slo_multiplier}
 * or {@code switch_cost_s}, never a command-line flag: each front end renders the setting in its
 * vocabulary (the CLI as the current command's option, the spec reader as the key it was read from).
 */
public final class BadInputException extends RuntimeException {
    private final String where;
    private final String problem;
    private final boolean setting;

    private BadInputException(String where, String problem, boolean setting) {
        super(where.isEmpty() ? problem : where + ": " + problem);
        this.where = where;
        this.problem = problem;
        this.setting = setting;
    }

    /** A problem whose place the caller adds (an unknown name, say, that the caller knows it read from where). */
    public BadInputException(String problem) {
        this("", problem, false);
    }

    /** {@code where} is a file, {@code file:line}, a spec key or an option name; {@code problem} says what is wrong. */
    public static BadInputException at(String where, String problem) {
        return new BadInputException(where, problem, false);
    }

    public static BadInputException at(String file, int lineNumber, String problem) {
        return new BadInputException(file + ":" + lineNumber, problem, false);
    }

    /** A domain setting (snake_case, as a spec names it, such as {@code slo_multiplier}) that is wrong. */
    public static BadInputException setting(String name, String problem) {
        return new BadInputException(name, problem, true);
    }

    /** Where the problem is: a file, {@code file:line}, a key, an option, a setting name ({@link #isSetting()}), or empty. */
    public String where() { return where; }

    /** What is wrong, without the where. */
    public String problem() { return problem; }

    /** {@link #where()} is one of the domain's setting names, for a front end to render in its own vocabulary. */
    public boolean isSetting() { return setting; }

    /** The same problem, placed at {@code newWhere} (a front end's rendering of the setting). */
    public BadInputException renderedAt(String newWhere) {
        BadInputException e = new BadInputException(newWhere, problem, false);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
