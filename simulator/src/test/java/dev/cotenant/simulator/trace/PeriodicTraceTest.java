package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame and depends_on columns, the periodic generator, and the bad inputs of both. */
class PeriodicTraceTest {
    private static final String HEADER = TraceCsv.PERIODIC_HEADER + "\n";

    @TempDir
    Path dir;

    /** "seg", "gaze", "kws": one sample, one layer each (the directory numbers them by name). */
    private static LatencyDirectory directory() {
        return new LatencyDirectory(List.of(
                new LatencyTable("seg", LatencyTable.Layout.EYERISS_V2, 1, 1, new double[] {0.004}, new double[1]),
                new LatencyTable("gaze", LatencyTable.Layout.EYERISS_V2, 1, 1, new double[] {0.002}, new double[1]),
                new LatencyTable("kws", LatencyTable.Layout.EYERISS_V2, 1, 1, new double[] {0.001}, new double[1])));
    }

    private static Trace read(String text) { return TraceCsv.read(new StringReader(text), "t.csv", directory()); }

    private static String error(String text) {
        return assertThrows(BadInputException.class, () -> read(text)).getMessage();
    }

    @Test
    void readsAChainAndWritesItBack() throws Exception {
        Trace trace = read(HEADER + "0,seg,0,1,0.0166,0,\n0,gaze,0,1,0.0166,0,seg:0\n0.0166,seg,0,1,0.0166,1,\n");
        assertTrue(trace.hasDependencies());
        assertEquals(1, trace.dependencyCount(1));
        assertEquals(0, trace.dependency(1, 0));
        assertEquals(1, trace.frame(2));
        Path file = dir.resolve("t.csv");
        TraceCsv.write(trace, directory(), file);
        Trace back = TraceCsv.read(file, directory());
        assertEquals(0, back.dependency(1, 0));
        assertEquals(0, back.dependencyCount(2));
        assertEquals(java.nio.file.Files.readString(file).lines().findFirst().orElseThrow(), TraceCsv.PERIODIC_HEADER);
    }

    @Test
    void theFiveColumnFormatStaysValid() {
        Trace trace = TraceCsv.read(new StringReader(TraceCsv.HEADER + "\n0,seg,0,1,1\n"), "t.csv", directory());
        assertFalse(trace.hasDependencies());
        assertFalse(trace.hasFrames());
    }

    @Test
    void refusesACyclicDependencyNamingTheLines() {
        // lines 2 and 3 wait for each other
        String message = error(HEADER + "0,seg,0,1,1,0,gaze:0\n0,gaze,0,1,1,0,seg:0\n");
        assertTrue(message.startsWith("t.csv:"), message);
        assertTrue(message.contains("cyclic dependency: t.csv:2 waits for t.csv:3 waits for t.csv:2")
                || message.contains("cyclic dependency: t.csv:3 waits for t.csv:2 waits for t.csv:3"), message);
    }

    @Test
    void refusesADependencyOnALaterFrame() {
        String message = error(HEADER + "0,gaze,0,1,1,0,seg:1\n0,seg,0,1,1,0,\n0.5,seg,0,1,1,1,\n");
        assertEquals("t.csv:2: depends on a later frame: its predecessor (t.csv:4) arrives at 0.5 s, after this request's 0.0 s", message);
    }

    @Test
    void refusesAnUnknownModelAndAMissingFrame() {
        assertEquals("t.csv:2: depends_on names unknown model 'eyes'", error(HEADER + "0,gaze,0,1,1,0,eyes:0\n"));
        assertEquals("t.csv:2: depends on seg:7, which is not in the trace", error(HEADER + "0,gaze,0,1,1,0,seg:7\n0,seg,0,1,1,0,\n"));
        assertTrue(error(HEADER + "0,eyes,0,1,1,0,\n").startsWith("t.csv:2: unknown model 'eyes'"));
    }

    @Test
    void refusesANegativeFrameAndADuplicateFrame() {
        assertEquals("t.csv:2: frame is -1, must be >= 0", error(HEADER + "0,seg,0,1,1,-1,\n"));
        assertEquals("t.csv:3: frame 0 of model 'seg' is already on t.csv:2", error(HEADER + "0,seg,0,1,1,0,\n0.1,seg,0,1,1,0,\n"));
    }

    @Test
    void generatorRefusesANegativeRateAndAChainOnALaterStream() {
        String negative = assertThrows(BadInputException.class, () -> PeriodicTraceGenerator.generate(directory(),
                List.of(PeriodicStream.every("seg", -30)), 1, 10, 1)).getMessage();
        assertEquals("streams: stream seg: frame rate -30.0 must be finite and > 0", negative);
        String cyclic = assertThrows(BadInputException.class, () -> PeriodicTraceGenerator.generate(directory(),
                List.of(PeriodicStream.every("gaze", 60).after("seg"), PeriodicStream.every("seg", 60).after("gaze")), 1, 10, 1)).getMessage();
        assertTrue(cyclic.startsWith("streams: stream gaze: waits for 'seg', which is not an earlier stream"), cyclic);
    }

    @Test
    void generatorChainsTriggersAndCutsWithoutSeparatingAChain() {
        // seg -> gaze at 60 fps; kws at 3 fps. 1 s holds 60 seg, 60 gaze and 3 kws frames: 123 requests.
        List<PeriodicStream> streams = List.of(PeriodicStream.every("seg", 60), PeriodicStream.every("gaze", 60).after("seg"),
                PeriodicStream.every("kws", 3).withPhase(0.001));
        Trace trace = PeriodicTraceGenerator.generate(directory(), streams, 1, 123, 7);
        assertEquals(123, trace.size());
        int segId = directory().modelId("seg"), gazeId = directory().modelId("gaze");
        int gaze = 0;
        for (int r = 0; r < trace.size(); r++) {
            if (trace.modelId(r) == gazeId) {
                gaze++;
                int p = trace.dependency(r, 0);
                assertEquals(segId, trace.modelId(p));
                assertEquals(trace.frame(p), trace.frame(r));
                assertTrue(p < r, "a predecessor comes first");
                assertEquals(trace.arrivalSeconds(p), trace.arrivalSeconds(r));
            }
        }
        assertEquals(60, gaze);
        // Deadline: the next frame; frame 59 of seg arrives at 59/60 s.
        assertEquals(1 / 60.0, trace.targetLatencySeconds(0), 1e-15);
        // Rate scale 2 halves the periods; a trigger of 0.5 keeps about half of the gaze frames.
        Trace scaled = PeriodicTraceGenerator.generate(directory(), List.of(PeriodicStream.every("seg", 60),
                PeriodicStream.every("gaze", 60).after("seg").triggered(0.5)), 2, 2000, 3);
        assertEquals(1 / 120.0, scaled.targetLatencySeconds(0), 1e-15);
        int triggered = 0;
        for (int r = 0; r < scaled.size(); r++) if (scaled.modelId(r) == gazeId) triggered++;
        // 2000 requests at 1.5 per frame: ~1333 frames, ~667 gaze; 4 binomial s.d. is ~73
        assertTrue(Math.abs(triggered - 667) < 80, "gaze requests: " + triggered);
        // Same seed, same trace.
        assertEquals(trace.arrivalSeconds(100), PeriodicTraceGenerator.generate(directory(), streams, 1, 123, 7).arrivalSeconds(100));
    }
}
