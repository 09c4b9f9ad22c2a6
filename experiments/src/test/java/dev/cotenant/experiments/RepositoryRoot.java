package dev.cotenant.experiments;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in, for tests of its documents and scripts. */
public final class RepositoryRoot {
    private RepositoryRoot() {}

    /** Surefire runs in the module folder; the root is the nearest folder above it holding README.md beside docs/. */
    public static Path find() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) return p;
        }
        throw new IllegalStateException("no repository root (README.md beside docs/) above " + here);
    }
}
