package dev.cotenant.simulator.plugin;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Schedulers;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads plug-ins from a jar, or from every jar of a folder, with {@link ServiceLoader}, and adds
 * their schedulers ({@link SchedulerPlugin}) and multi-tile policies ({@link MultiTilePolicyPlugin})
 * to the registries every command reads. Whatever is wrong with a plug-in (no such file, no
 * provider, a provider that cannot be built, a bad name, a clash with a built-in, an invalid
 * parameter space) is bad input naming the jar and the plug-in, found before anything runs.
 */
public final class Plugins {
    /** What a loaded plug-in provided. */
    /** @param source the jar's absolute path, or what {@link #register} was told */
    public record Loaded(String name, String kind, String source, String description) {}

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final List<Loaded> LOADED = new CopyOnWriteArrayList<>();

    private Plugins() {}

    /** Every plug-in loaded so far in this process, in load order. */
    public static List<Loaded> loaded() { return List.copyOf(LOADED); }

    /**
     * Loads the plug-ins of {@code jarOrFolder} (a {@code .jar}, or a folder whose {@code .jar} files
     * are loaded in name order) and registers them; returns what it added. A jar loaded before is
     * not loaded twice.
     */
    public static synchronized List<Loaded> load(Path jarOrFolder) {
        String where = jarOrFolder.toString();
        if (!Files.exists(jarOrFolder)) throw BadInputException.at(where, "no such plug-in jar or folder");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(jarOrFolder)) {
            try (Stream<Path> files = Files.list(jarOrFolder)) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw BadInputException.at(where, "cannot list the folder: " + e.getMessage());
            }
            if (jars.isEmpty()) throw BadInputException.at(where, "the folder holds no .jar file");
        } else {
            if (!where.endsWith(".jar")) throw BadInputException.at(where, "a plug-in is a .jar file (or a folder of them)");
            jars.add(jarOrFolder);
        }
        List<Loaded> added = new ArrayList<>();
        for (Path jar : jars) {
            Path absolute = jar.toAbsolutePath().normalize();
            if (LOADED.stream().anyMatch(l -> l.source().equals(absolute.toString()))) continue;
            added.addAll(loadJar(absolute));
        }
        LOADED.addAll(added);
        return added;
    }

    private static List<Loaded> loadJar(Path jar) {
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Plugins.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw BadInputException.at(jar.toString(), "not a usable path: " + e.getMessage());
        }
        List<Loaded> added = new ArrayList<>();
        try {
            for (SchedulerPlugin p : ServiceLoader.load(SchedulerPlugin.class, loader)) {
                if (p.getClass().getClassLoader() != loader) continue; // a provider of the class path, not of this jar
                added.add(register(jar.toString(), jar.getFileName().toString(), p));
            }
            for (MultiTilePolicyPlugin p : ServiceLoader.load(MultiTilePolicyPlugin.class, loader)) {
                if (p.getClass().getClassLoader() != loader) continue;
                added.add(register(jar, p));
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw BadInputException.at(jar.toString(), "a plug-in could not be loaded: " + e.getMessage());
        }
        if (added.isEmpty()) {
            throw BadInputException.at(jar.toString(), "no plug-in found: list the provider classes in META-INF/services/"
                    + SchedulerPlugin.class.getName() + " or " + MultiTilePolicyPlugin.class.getName());
        }
        return added;
    }

    /**
     * Adds a scheduler plug-in object directly, without a jar (Cotenant used as a library, tests,
     * benchmarks), with the same checks and guard as a loaded one; {@code source} names it in errors.
     */
    public static synchronized Loaded register(SchedulerPlugin plugin, String source) {
        Loaded loaded = register(source, source, plugin);
        LOADED.add(loaded);
        return loaded;
    }

    private static Loaded register(String source, String shortSource, SchedulerPlugin p) {
        String where = source + ": plug-in " + p.getClass().getName();
        String name = checkedName(where, call(where, "name()", p::name));
        String origin = shortSource + ": plug-in scheduler '" + name + "'";
        String description = call(origin, "description()", p::description);
        ParameterSpace space = checkedSpace(origin, call(origin, "space()", p::space));
        Scheduler probe = call(origin, "create(defaults)", () -> p.create(space.defaults()));
        if (probe == null) throw BadInputException.at(origin, "create(defaults) returned null");
        if (!probe.name().equals(name)) {
            throw BadInputException.at(origin, "create() returns a scheduler named '" + probe.name() + "'; it must carry the plug-in's name");
        }
        Schedulers.registerPlugIn(name, description == null ? "" : description, space, params -> {
            Scheduler s = p.create(params);
            if (s == null) throw BadInputException.at(origin, "create() returned null");
            return new GuardedScheduler(s, origin);
        });
        return new Loaded(name, "scheduler", source, description);
    }

    private static Loaded register(Path jar, MultiTilePolicyPlugin p) {
        String where = jar + ": plug-in " + p.getClass().getName();
        String name = checkedName(where, call(where, "name()", p::name));
        String origin = jar.getFileName() + ": plug-in MoCA policy '" + name + "'";
        String description = call(origin, "description()", p::description);
        ParameterSpace own = checkedSpace(origin, call(origin, "space()", p::space));
        boolean throttles = call(origin, "throttles()", p::throttles);
        MocaPolicies.registerPlugIn(name, description == null ? "" : description, own, throttles,
                (params, level, remaining, slack, wait, isolated, waiting) -> {
                    double cost;
                    try {
                        cost = p.queueCost(params, level, remaining, slack, wait, isolated, waiting);
                    } catch (RuntimeException | StackOverflowError e) {
                        throw BadInputException.at(origin, "queueCost threw " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
                    }
                    if (Double.isNaN(cost)) throw BadInputException.at(origin, "queueCost returned NaN (for priority level " + level
                            + ", slack " + slack + " cycles); a queue order needs comparable numbers");
                    return cost;
                });
        return new Loaded(name, "moca-policy", jar.toString(), description);
    }

    private static String checkedName(String where, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw BadInputException.at(where, "name '" + name + "' is not lower case letters, digits and '-' starting with a letter");
        }
        return name;
    }

    private static ParameterSpace checkedSpace(String origin, ParameterSpace space) {
        if (space == null) throw BadInputException.at(origin, "space() returned null; return ParameterSpace.EMPTY for no parameters");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var parameter : space.parameters()) {
            if (!names.add(parameter.name())) throw BadInputException.at(origin, "declares parameter '" + parameter.name() + "' twice");
        }
        return space;
    }

    /** Runs a plug-in's method; whatever it throws is bad input naming the plug-in and the method. */
    private static <T> T call(String origin, String method, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // Parameter's constructor refuses a default outside its bounds this way: an invalid space
            throw BadInputException.at(origin, method + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
