package dev.cotenant.experiments.spec;

import dev.cotenant.simulator.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments shipped in the jar ({@code dev/cotenant/experiments/builtin/NAME.yaml}, listed in
 * {@code index.txt} since a jar cannot be listed), each documented in docs/experiments.md with the
 * seed paper's figure or table it corresponds to.
 */
public final class BuiltinExperiments {
    private static final String ROOT = "dev/cotenant/experiments/builtin/";

    private BuiltinExperiments() {}

    public static List<String> names() {
        return resource("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static void known(String name) {
        if (!names().contains(name)) {
            throw BadInputException.at("experiment", "unknown built-in experiment '" + name + "'; known: " + String.join(", ", names()));
        }
    }

    public static ExperimentSpec load(String name) {
        known(name);
        // Built-ins name no files: their workloads are scenarios or built-in directories, so a fresh clone runs them.
        return SpecReader.parse(resource(name + ".yaml"), "builtin:" + name, null);
    }

    /** Every built-in, loaded (and so validated). */
    public static Map<String, ExperimentSpec> all() {
        Map<String, ExperimentSpec> specs = new LinkedHashMap<>();
        for (String name : names()) specs.put(name, load(name));
        return specs;
    }

    public static String yaml(String name) { return resource(name + ".yaml"); }

    private static String resource(String file) {
        try (InputStream in = BuiltinExperiments.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) throw new IllegalStateException("missing resource " + ROOT + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
