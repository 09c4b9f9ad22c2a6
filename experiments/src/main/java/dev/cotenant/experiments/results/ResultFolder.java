package dev.cotenant.experiments.results;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    public ResultFolder(Path target) {
        this.target = target.toAbsolutePath().normalize();
        Path parent = this.target.getParent();
        this.staging = parent.resolve("." + this.target.getFileName() + ".staging-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + staging, e);
        }
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
