package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Latency directories shipped inside the jar, so {@code cotenant demo} needs no download. Each
 * lives under {@code dev/cotenant/simulator/builtin/NAME/} with an {@code index.txt} listing its
 * CSV files (a jar cannot be listed) and a {@code PROVENANCE.txt} whose first line says what the
 * data is and which generator in the repository wrote it.
 */
public final class BuiltinLatencyDirectories {
    /** The demo directory: synthetic tables of four CNNs, written by {@code dev.cotenant.simulator.workload.BuiltinDirectoryWriter}. */
    public static final String DEMO = "demo";

    private static final String ROOT = "dev/cotenant/simulator/builtin/";

    private BuiltinLatencyDirectories() {}

    public static LatencyDirectory load(String name) {
        List<String> files = lines(name, "index.txt").stream().filter(l -> !l.isBlank()).toList();
        return LatencyCsv.loadResources(BuiltinLatencyDirectories.class.getClassLoader(), ROOT + name, files,
                SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH);
    }

    /** The first line of the directory's provenance note. */
    public static String describe(String name) {
        return lines(name, "PROVENANCE.txt").get(0);
    }

    private static List<String> lines(String name, String file) {
        String path = ROOT + name + "/" + file;
        InputStream in = BuiltinLatencyDirectories.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw BadInputException.at("builtin:" + name, "no such built-in latency directory");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
