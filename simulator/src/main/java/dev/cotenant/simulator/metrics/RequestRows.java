package dev.cotenant.simulator.metrics;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;

import java.io.IOException;

/**
 * The rows of {@code requests.csv} ({@code simulate}'s, and an offline optimum's per-point file): one per run
 * and request; {@code request} is the 0-based trace row. A dropped request's {@code finish_s} is when it was
 * dropped; it is never {@code met}. Here rather than beside the CLI's other tables so that the optimum's
 * files, written by the spec side of a setting, use the same rule.
 */
public final class RequestRows {
    public static final String HEADER = "scheduler,request,arrival_s,finish_s,deadline_s,met,dropped";

    private RequestRows() {}

    /** Appends the run's rows, labelled {@code label}, without the header. */
    public static void append(Appendable out, String label, CompiledTrace trace, Outcome outcome) throws IOException {
        StringBuilder line = new StringBuilder(96);
        for (int r = 0; r < trace.size(); r++) {
            double finish = outcome.finishSeconds(r);
            double deadline = trace.deadlineSeconds(r);
            boolean dropped = outcome.dropped(r);
            line.setLength(0);
            line.append(label).append(',').append(r).append(',').append(trace.arrivalSeconds(r)).append(',')
                    .append(finish).append(',').append(deadline).append(',')
                    .append(!dropped && !MetricCalculator.isLate(finish, deadline)).append(',').append(dropped).append('\n');
            out.append(line);
        }
    }
}
