package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.results.RunManifest;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A command whose whole result is one folder, claimed before any work and replaced at its commit:
 * {@code --out}, {@code --force} and the claim live here, so a command says only what it reads and writes.
 */
abstract class FolderCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (replaced atomically on success).")
    Path out;

    @Mixin ForceOption force;

    @Spec CommandSpec spec;

    /** The command's name, recorded in the folder's marker. */
    abstract String kind();

    /** The files and folders the command reads: {@code --out} may not be one of them. */
    abstract Path[] inputs();

    /** Does the work; stages files with {@code folder.file(name)} and ends with {@code folder.commit()}. */
    abstract Integer run(RunManifest manifest, ResultFolder folder) throws Exception;

    @Override
    public final Integer call() throws Exception {
        RunManifest manifest = new RunManifest(spec.root().commandLine().getParseResult().originalArgs());
        try (ResultFolder folder = ResultFolder.claim(out, kind(), force.force, inputs())) {
            return run(manifest, folder);
        }
    }
}
