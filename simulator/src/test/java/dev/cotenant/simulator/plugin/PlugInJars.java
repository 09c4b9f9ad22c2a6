package dev.cotenant.simulator.plugin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds a real plug-in jar in a test: sources compiled against the simulator's classes, a
 * services file, a jar. The plug-in classes are then on no class path but the jar's, as a user's are.
 */
public final class PlugInJars {
    private PlugInJars() {}

    /**
     * @param sources  class name (in package {@code example}) to source text
     * @param services service interface name to the provider class names it lists
     */
    public static Path build(Path folder, String jarName, Map<String, String> sources, Map<String, List<String>> services) {
        try {
            Path src = Files.createDirectories(folder.resolve(jarName + "-src/example"));
            Path classes = Files.createDirectories(folder.resolve(jarName + "-classes"));
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"), "-nowarn"));
            for (Map.Entry<String, String> s : sources.entrySet()) {
                Path file = src.resolve(s.getKey() + ".java");
                Files.writeString(file, s.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            if (javac.run(null, null, errors, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("test plug-in does not compile:\n" + errors);
            }
            Path jar = folder.resolve(jarName + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, (OutputStream) out);
                    out.closeEntry();
                }
                for (Map.Entry<String, List<String>> s : services.entrySet()) {
                    out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                    out.write(String.join("\n", s.getValue().stream().map(c -> "example." + c).toList()).getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scheduler plug-in called {@code name} whose pick is {@code pickBody} (a method body over {@code s}). */
    public static String scheduler(String className, String name, String space, String pickBody) {
        return """
                package example;
                import dev.cotenant.simulator.kernel.*;
                import dev.cotenant.simulator.policy.*;
                import dev.cotenant.simulator.plugin.SchedulerPlugin;
                public final class %1$s implements SchedulerPlugin {
                    public String name() { return "%2$s"; }
                    public String description() { return "test plug-in %2$s"; }
                    public ParameterSpace space() { return %3$s; }
                    public Scheduler create(double[] p) {
                        return new Scheduler("%2$s", false, false) {
                            public int pick(DecisionState s) { %4$s }
                        };
                    }
                }
                """.formatted(className, name, space, pickBody);
    }

    public static final String SERVICE = SchedulerPlugin.class.getName();
}
