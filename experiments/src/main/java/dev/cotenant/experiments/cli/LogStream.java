package dev.cotenant.experiments.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A command's error writer as the {@link PrintStream} the runner logs to (resume, tuning, training and
 * progress notices). The runner takes a stream and commands print through picocli's writers, so the
 * notices land wherever the command line's error writer points: stderr from the shell, a buffer in a test.
 */
final class LogStream {
    private LogStream() {}

    /** The error writer of the command {@code spec} describes. */
    static PrintStream of(CommandSpec spec) {
        return of(spec.commandLine().getErr());
    }

    static PrintStream of(PrintWriter err) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') flush();
            }

            @Override
            public void flush() { // whole lines (or what a flush asks for), so a UTF-8 character is never split
                err.write(line.toString(StandardCharsets.UTF_8));
                err.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
