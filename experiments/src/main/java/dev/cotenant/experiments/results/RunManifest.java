package dev.cotenant.experiments.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code run.json}: what a result folder holds and exactly how to reproduce it. */
public final class RunManifest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS); // same input, same bytes (Map.of iterates in a per-JVM order)

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** @param args the whole command line after {@code cotenant}, as given */
    public RunManifest(java.util.List<String> args) {
        fields.put("reproduce", "./cotenant " + String.join(" ", args));
        fields.put("cotenant_version", RunManifest.class.getPackage().getImplementationVersion() == null
                ? "dev" : RunManifest.class.getPackage().getImplementationVersion());
        fields.put("git_commit", gitCommit());
        fields.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        fields.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), "host", hostName()));
        fields.put("started", Instant.now().toString());
    }

    public RunManifest put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** The provenance fields so far (command, version, commit, JVM, machine, start), for manifests of other shapes. */
    public Map<String, Object> fields() { return new LinkedHashMap<>(fields); }

    public void write(Path file) throws IOException {
        fields.put("finished", Instant.now().toString());
        String text = JSON.writeValueAsString(fields) + "\n";
        dev.cotenant.simulator.csv.AtomicFiles.write(file, w -> w.write(text)); // tune writes it in place: never half a file
    }

    /** The commit the launcher built from (it passes it as a system property), or "unknown". */
    private static String gitCommit() {
        return System.getProperty("cotenant.git.commit", "unknown");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
