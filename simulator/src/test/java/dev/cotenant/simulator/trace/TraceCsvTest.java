package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCsvTest {
    private static final String HEADER = TraceCsv.HEADER + "\n";

    @TempDir
    Path dir;

    /** alexnet: 2 samples, resnet50_a: 3 samples. */
    static LatencyDirectory directory() {
        return new LatencyDirectory(List.of(
                new LatencyTable("resnet50_a", LatencyTable.Layout.EYERISS_V2, 3, 1, new double[] {1, 2, 3}, new double[3]),
                new LatencyTable("alexnet", LatencyTable.Layout.EYERISS_V2, 2, 1, new double[] {4, 5}, new double[2])));
    }

    @Test
    void readsPaddedFieldsAndTrailingBlankLine() throws Exception {
        Path file = write("t.csv", HEADER + " 0.5 , alexnet , 1 , 3 , 0.25 \n0.5,resnet50_a,2,9,1e-3\n\n");
        LatencyDirectory directory = directory();
        Trace trace = TraceCsv.read(file, directory);
        assertEquals(2, trace.size());
        assertEquals(0.5, trace.arrivalSeconds(0));
        assertEquals(directory.modelId("alexnet"), trace.modelId(0));
        assertEquals(1, trace.sample(0));
        assertEquals(3, trace.priority(0));
        assertEquals(0.75, trace.deadlineSeconds(0));
        assertEquals(directory.modelId("resnet50_a"), trace.modelId(1));
        assertEquals(1e-3, trace.targetLatencySeconds(1));
    }

    @Test
    void writeReadRoundTripIsExact() throws Exception {
        LatencyDirectory directory = directory();
        Trace original = new Trace(new double[] {0, 0.1 + 0.2, Math.PI, Math.nextUp(Math.PI)}, new int[] {0, 1, 1, 0},
                new int[] {1, 2, 0, 1}, new double[] {1, 3, 9, 2.5}, new double[] {1.0 / 3, Double.MIN_VALUE, 0, 1e300});
        Path file = dir.resolve("trace.csv");
        TraceCsv.write(original, directory, file);
        assertTrue(Files.readString(file).startsWith(HEADER));
        assertSame(original, TraceCsv.read(file, directory));

        Trace generated = PoissonTraceGenerator.generate(directory, 500, 37.3, 4.7, 11);
        TraceCsv.write(generated, directory, file); // replaces the first file
        assertSame(generated, TraceCsv.read(file, directory));
    }

    static void assertSame(Trace expected, Trace actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.arrivalSeconds(i), actual.arrivalSeconds(i)); // bit-exact
            assertEquals(expected.modelId(i), actual.modelId(i));
            assertEquals(expected.sample(i), actual.sample(i));
            assertEquals(expected.priority(i), actual.priority(i));
            assertEquals(expected.targetLatencySeconds(i), actual.targetLatencySeconds(i));
        }
    }

    static Stream<Arguments> badTraces() {
        String ok = "0,alexnet,0,1,0.5\n";
        return Stream.of(
                Arguments.of("wrong header column", "arrival,model,sample,priority,target_latency_s\n" + ok, 1, "'arrival_s'"),
                Arguments.of("header columns reordered", "model,arrival_s,sample,priority,target_latency_s\n" + ok, 1, "'arrival_s'"),
                Arguments.of("missing header column", "arrival_s,model,sample,priority\n" + ok, 1, "missing column 'target_latency_s'"),
                Arguments.of("extra header column", TraceCsv.HEADER + ",extra\n" + ok, 1, "'extra'"),
                Arguments.of("empty file", "", 1, "empty"),
                Arguments.of("no requests", HEADER, 1, "no requests"),
                Arguments.of("unknown model", HEADER + ok + "1,lenet,0,1,0.5\n", 3, "known models: alexnet, resnet50_a"),
                Arguments.of("sample too large", HEADER + "0,alexnet,2,1,0.5\n", 2, "valid samples are 0..1"),
                Arguments.of("negative sample", HEADER + "0,resnet50_a,-1,1,0.5\n", 2, "valid samples are 0..2"),
                Arguments.of("non-numeric arrival", HEADER + "soon,alexnet,0,1,0.5\n", 2, "not a number"),
                Arguments.of("non-numeric sample", HEADER + "0,alexnet,first,1,0.5\n", 2, "not an integer"),
                Arguments.of("non-numeric priority", HEADER + "0,alexnet,0,high,0.5\n", 2, "not a number"),
                Arguments.of("non-numeric target", HEADER + "0,alexnet,0,1,\n", 2, "not a number"),
                Arguments.of("negative arrival", HEADER + "-1,alexnet,0,1,0.5\n", 2, "arrival_s is -1.0"),
                Arguments.of("NaN arrival", HEADER + "nan,alexnet,0,1,0.5\n", 2, "arrival_s is NaN"),
                Arguments.of("negative target", HEADER + "0,alexnet,0,1,-0.5\n", 2, "target_latency_s is -0.5"),
                Arguments.of("zero priority", HEADER + "0,alexnet,0,0,0.5\n", 2, "priority is 0.0"),
                Arguments.of("negative priority", HEADER + "0,alexnet,0,-3,0.5\n", 2, "priority is -3.0"),
                Arguments.of("unsorted", HEADER + "1,alexnet,0,1,0.5\n\n0.5,alexnet,0,1,0.5\n", 4, "on line 2"),
                Arguments.of("too few fields", HEADER + "0,alexnet,0,1\n", 2, "4 fields"),
                Arguments.of("too many fields", HEADER + ok + "0,alexnet,0,1,0.5,x\n", 3, "6 fields"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTraces")
    void badInputNamesFileAndLine(String what, String content, int line, String problem) throws Exception {
        Path file = write("bad_trace.csv", content);
        BadInputException e = assertThrows(BadInputException.class, () -> TraceCsv.read(file, directory()));
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void writeRefusesModelIdsOutsideTheDirectory() {
        Trace trace = new Trace(new double[] {0}, new int[] {5}, new int[] {0}, new double[] {1}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> TraceCsv.write(trace, directory(), dir.resolve("t.csv")));
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
