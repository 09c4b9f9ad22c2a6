package dev.cotenant.simulator.workload;

import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped demo directory is exactly what its generator writes, so its provenance note is true. */
class BuiltinDirectoryWriterTest {
    @Test
    void shippedDemoFilesAreByteIdenticalToTheGeneratorsOutput(@TempDir Path dir) throws IOException {
        BuiltinDirectoryWriter.writeDemo(dir);
        List<String> files;
        try (var listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(6, files.size(), files.toString());
        for (String file : files) {
            try (InputStream shipped = getClass().getClassLoader().getResourceAsStream("dev/cotenant/simulator/builtin/demo/" + file)) {
                assertTrue(shipped != null, file + " is shipped");
                assertArrayEquals(Files.readAllBytes(dir.resolve(file)), shipped.readAllBytes(), file
                        + " differs from the generator's output: rerun BuiltinDirectoryWriter");
            }
        }
    }

    @Test
    void demoDirectoryHasFourCnnsOf16To54Layers() {
        LatencyDirectory demo = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        assertEquals(4, demo.modelCount());
        demo.tables().forEach(t -> assertTrue(t.layerCount() >= 16 && t.layerCount() <= 54, t.modelName()));
        assertTrue(BuiltinLatencyDirectories.describe(BuiltinLatencyDirectories.DEMO).startsWith("synthetic"));
    }
}
