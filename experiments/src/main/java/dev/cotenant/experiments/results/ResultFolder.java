package dev.cotenant.experiments.results;

import dev.cotenant.experiments.report.ExperimentReport;
import dev.cotenant.simulator.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An output folder that appears complete or not at all: files are written into a hidden sibling
 * folder, and {@link #commit()} swaps it into place. If the run fails before the commit, the
 * previous contents of the target (if any) are untouched and the staging folder is deleted.
 */
public final class ResultFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private boolean committed;

    /** Marks a folder as one command's result; a command's {@code --out} may only replace such a folder. */
    public static final String COMMAND_RECORD = "run.json";

    /**
     * The result folder of a command's {@code --out}, after {@link #checkReplaceable}: a mistyped
     * {@code --out} never replaces an experiment folder or files that are not a command's result.
     */
    public static ResultFolder forCommand(Path target) {
        checkReplaceable(target);
        return new ResultFolder(target);
    }

    /**
     * Refuses (exit 2, naming the folder) a target that exists but is not absent, empty, or an earlier
     * result of a command (one holding {@value #COMMAND_RECORD} and no experiment manifest). Commands
     * call it before their work too, so a long run does not end in a refusal.
     */
    public static void checkReplaceable(Path target) {
        Path t = target.toAbsolutePath().normalize();
        if (!Files.exists(t)) return;
        if (!Files.isDirectory(t)) throw BadInputException.at(target.toString(), "exists and is not a folder; choose another --out");
        boolean empty;
        try (Stream<Path> entries = Files.list(t)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            throw BadInputException.at(target.toString(), "cannot be read: " + e.getMessage());
        }
        if (empty) return;
        // a sweep's manifest.json, or the report.html every experiment run writes (multi-tile ones keep their manifest in run.json)
        for (String experimentFile : new String[] {ExperimentStore.MANIFEST, ExperimentReport.HTML}) {
            if (Files.exists(t.resolve(experimentFile))) {
                throw BadInputException.at(target.toString(), "holds an experiment's results (" + experimentFile
                        + "); a command's --out would replace them: choose another --out");
            }
        }
        if (!Files.exists(t.resolve(COMMAND_RECORD))) {
            throw BadInputException.at(target.toString(), "holds files that are not an earlier result of a cotenant command (no "
                    + COMMAND_RECORD + "), which --out would replace: choose another --out or empty it");
        }
    }

    public ResultFolder(Path target) {
        this.target = target.toAbsolutePath().normalize();
        Path parent = this.target.getParent();
        this.staging = parent.resolve("." + this.target.getFileName() + ".staging-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw BadInputException.at(target.toString(), "cannot create the output folder next to it (" + e + ")");
        }
    }

    /**
     * The hidden sibling folder {@code .NAME.KIND-checkpoint} of {@code target} where a long command keeps
     * what it has computed so far, so a rerun resumes; outside the result, so a commit never carries it.
     */
    public static Path checkpointFolder(Path target, String kind) {
        Path t = target.toAbsolutePath().normalize();
        return t.resolveSibling("." + t.getFileName() + "." + kind + "-checkpoint");
    }

    /** Where to write a file of the result (inside the staging folder until the commit). */
    public Path file(String name) { return staging.resolve(name); }

    public Path target() { return target; }

    /** Moves the staged folder into place, replacing an earlier result at the same path. */
    public void commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        if (old != null) deleteTree(old);
    }

    @Override
    public void close() throws IOException {
        if (!committed) deleteTree(staging);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
