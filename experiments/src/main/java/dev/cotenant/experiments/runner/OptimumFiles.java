package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.spec.OptimumArtefacts;
import dev.cotenant.experiments.spec.SpecSetting;
import dev.cotenant.simulator.csv.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The runner's {@link SpecSetting.OptimumSink}: each point's files into {@code artefacts/LABEL/point-N/} of the
 * experiment {@code folder} (none kept when it is null), each written whole or not at all; progress lines to {@code log}.
 */
public record OptimumFiles(Path folder, PrintStream log) implements SpecSetting.OptimumSink {
    @Override
    public void keep(String label, int point, Map<String, byte[]> files) {
        if (folder == null) return;
        Path dir = OptimumArtefacts.folder(folder, label, point);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) AtomicFiles.writeBytes(dir.resolve(f.getKey()), f.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
