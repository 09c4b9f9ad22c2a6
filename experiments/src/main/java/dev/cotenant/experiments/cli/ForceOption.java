package dev.cotenant.experiments.cli;

import picocli.CommandLine.Option;

/** {@code --force}: the one way past the output rule of {@link dev.cotenant.experiments.results.ResultFolder}. */
public final class ForceOption {
    @Option(names = "--force", description = "Write to --out although it holds files cotenant did not write: files of the names this "
            + "command writes are replaced, every other file is kept (nothing is deleted). See docs/reliability.md.")
    boolean force;
}
