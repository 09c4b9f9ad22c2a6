package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;
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

class LatencyCsvTest {
    private static final int S = SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH;
    private static final String EYERISS = "batch-indx,layer-indx,overall-sparsity,sim_lat\n";
    private static final String SANGER = "batch-indx,layer-indx,overall-sparsity,50%-skip\n";

    @TempDir
    Path dir;

    @Test
    void readsEyerissLayoutWithShuffledColumnsRowsAndPandasIndex() throws Exception {
        // Unnamed pandas index first, an extra column, padded header names, rows out of order, trailing blank line.
        Path file = write("resnet50_a.csv", """
                ,sim_lat, layer-indx ,batch-indx,overall-sparsity,extra
                0,0.004,1,1,0.25,x
                1, 0.001 ,0,0,0.5,y
                2,0.002,1,0,0.1,z
                3,0.003,0,1,0.2,w

                """);
        LatencyTable table = LatencyCsv.read(file, S);
        assertEquals("resnet50_a", table.modelName());
        assertEquals("resnet50", table.architecture());
        assertEquals(LatencyTable.Layout.EYERISS_V2, table.layout());
        assertEquals(2, table.sampleCount());
        assertEquals(2, table.layerCount());
        assertEquals(0.001, table.latencySeconds(0, 0));
        assertEquals(0.002, table.latencySeconds(0, 1));
        assertEquals(0.003, table.latencySeconds(1, 0));
        assertEquals(0.004, table.latencySeconds(1, 1));
        assertEquals(0.5, table.sparsity(0, 0));
        assertEquals(0.1, table.sparsity(0, 1));
        assertEquals(0.2, table.sparsity(1, 0));
        assertEquals(0.25, table.sparsity(1, 1));
    }

    @Test
    void readsSangerLayoutThroughTheLatencyModel() throws Exception {
        Path file = write("bert_base.csv", SANGER + "0,1,0.5,0.5\n0,0,0.5,1.0\n");
        LatencyTable table = LatencyCsv.read(file, S);
        assertEquals(LatencyTable.Layout.SANGER, table.layout());
        assertEquals(1, table.sampleCount());
        assertEquals(2, table.layerCount());
        // d = 0.5, lb = 1 at S = 512: 884,736 + 147,456 + 245,760 = 1,277,952 ns (see SangerLatencyModelTest).
        assertEquals(1.277952e-3, table.latencySeconds(0, 0), 1e-15);
        // d = 0.5, lb = 0.5: 884,736 + 294,912 + 753,664 = 1,933,312 ns.
        assertEquals(1.933312e-3, table.latencySeconds(0, 1), 1e-15);
        assertEquals(0.5, table.sparsity(0, 0)); // stored sparsity = 1 - d
    }

    @Test
    void sangerSequenceLengthIsPassedThrough() throws Exception {
        Path file = write("bert_short.csv", SANGER + "0,0,0.5,1.0\n");
        // S = 128: 221,184 + 36,864 + 9,216 = 267,264 ns.
        assertEquals(2.67264e-4, LatencyCsv.read(file, 128).latencySeconds(0, 0), 1e-16);
    }

    @Test
    void eyerissWriteReadRoundTripIsExact() throws Exception {
        double[] latency = {0.1 + 0.2, Math.PI * 1e-3, Double.MIN_VALUE, 1e-300, 0, Math.nextUp(1.0), 123456.789e-9, 2.5e-7};
        double[] sparsity = {Math.nextDown(1.0), 0, 1.0 / 3, 0.7, Double.MIN_NORMAL, 0.999, 0.5, 1e-17};
        LatencyTable original = new LatencyTable("vgg16_dense", LatencyTable.Layout.EYERISS_V2, 2, 4, latency, sparsity);
        Path file = dir.resolve("vgg16_dense.csv");
        LatencyCsv.write(original, file);
        assertTrue(Files.readString(file).startsWith(LatencyCsv.EYERISS_V2_HEADER + "\n"));
        LatencyTable back = LatencyCsv.read(file, S);
        assertEquals(original.modelName(), back.modelName());
        assertEquals(original.layout(), back.layout());
        assertEquals(2, back.sampleCount());
        assertEquals(4, back.layerCount());
        for (int b = 0; b < 2; b++) {
            for (int l = 0; l < 4; l++) {
                assertEquals(original.latencySeconds(b, l), back.latencySeconds(b, l)); // bit-exact
                assertEquals(original.sparsity(b, l), back.sparsity(b, l));
            }
        }
    }

    @Test
    void writeRefusesSangerTables() {
        LatencyTable sanger = new LatencyTable("bert_a", LatencyTable.Layout.SANGER, 1, 1, new double[] {1e-3}, new double[] {0.5});
        assertThrows(IllegalArgumentException.class, () -> LatencyCsv.write(sanger, dir.resolve("bert_a.csv")));
    }

    static Stream<Arguments> badTables() {
        return Stream.of(
                Arguments.of("missing column", "batch-indx,overall-sparsity,sim_lat\n0,0.5,0.001\n", 1, "layer-indx"),
                Arguments.of("no layout column", "batch-indx,layer-indx,overall-sparsity\n0,0,0.5\n", 1, "sim_lat"),
                Arguments.of("Sanger missing column", "batch-indx,overall-sparsity,50%-skip\n0,0.5,1\n", 1, "layer-indx"),
                Arguments.of("column twice", "sim_lat,batch-indx,layer-indx,overall-sparsity,sim_lat\n1,0,0,0.5,1\n", 1, "twice"),
                Arguments.of("empty file", "", 1, "empty"),
                Arguments.of("header only", EYERISS + "\n", 2, "no data rows"),
                Arguments.of("non-numeric latency", EYERISS + "0,0,0.5,0.001\n0,1,0.5,fast\n", 3, "not a number"),
                Arguments.of("non-numeric sparsity", EYERISS + "0,0,half,0.001\n", 2, "not a number"),
                Arguments.of("non-integer index", EYERISS + "0,1.5,0.5,0.001\n", 2, "not an integer"),
                Arguments.of("negative latency", EYERISS + "0,0,0.5,-0.001\n", 2, "finite and >= 0"),
                Arguments.of("NaN latency", EYERISS + "0,0,0.5,NaN\n", 2, "finite and >= 0"),
                Arguments.of("infinite latency", EYERISS + "0,0,0.5,inf\n", 2, "finite and >= 0"),
                Arguments.of("sparsity 1", EYERISS + "0,0,1.0,0.001\n", 2, "[0, 1)"),
                Arguments.of("negative sparsity", EYERISS + "0,0,-0.1,0.001\n", 2, "[0, 1)"),
                Arguments.of("Sanger density 0", SANGER + "0,0,0,1\n", 2, "(0, 1]"),
                Arguments.of("Sanger density above 1", SANGER + "0,0,1.5,1\n", 2, "(0, 1]"),
                Arguments.of("Sanger load balance 0", SANGER + "0,0,0.5,0\n", 2, "> 0"),
                Arguments.of("Sanger negative load balance", SANGER + "0,0,0.5,-1\n", 2, "> 0"),
                Arguments.of("Sanger non-numeric load balance", SANGER + "0,0,0.5,?\n", 2, "not a number"),
                Arguments.of("negative sample", EYERISS + "-1,0,0.5,0.001\n", 2, ">= 0"),
                Arguments.of("negative layer", EYERISS + "0,-2,0.5,0.001\n", 2, ">= 0"),
                Arguments.of("too few fields", EYERISS + "0,0,0.5,0.001\n0,1,0.5\n", 3, "3 fields"),
                Arguments.of("too many fields", EYERISS + "0,0,0.5,0.001,7\n", 2, "5 fields"),
                Arguments.of("duplicate pair", EYERISS + "0,0,0.5,0.001\n0,1,0.5,0.001\n\n0,0,0.5,0.002\n", 5, "first on line 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTables")
    void badInputNamesFileAndLine(String what, String content, int line, String problem) throws Exception {
        Path file = write("bad_model.csv", content);
        BadInputException e = assertThrows(BadInputException.class, () -> LatencyCsv.read(file, S));
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void missingPairIsNamed() throws Exception {
        // Samples 0..1 and layers 0..1 are named, but sample 1 layer 0 is not there.
        Path file = write("gap.csv", EYERISS + "0,0,0.5,0.001\n1,1,0.5,0.001\n0,1,0.5,0.001\n");
        BadInputException e = assertThrows(BadInputException.class, () -> LatencyCsv.read(file, S));
        assertTrue(e.getMessage().startsWith(file + ": no row for sample 1 layer 0"), e.getMessage());
    }

    @Test
    void missingPairFarOutIsFoundWithoutScanningTheWholeGrid() throws Exception {
        // A stray index at the int limit: the grid size must not overflow, nor the gap search walk 2^62 cells.
        Path file = write("stray.csv", EYERISS + "0,0,0.5,0.001\n2147483647,2147483647,0.5,0.001\n");
        BadInputException e = assertThrows(BadInputException.class, () -> LatencyCsv.read(file, S));
        assertTrue(e.getMessage().contains("no row for sample 0 layer 1"), e.getMessage());
    }

    @Test
    void missingFileIsBadInput() {
        Path file = dir.resolve("absent.csv");
        BadInputException e = assertThrows(BadInputException.class, () -> LatencyCsv.read(file, S));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void loadsEveryCsvOfADirectoryInNameOrder() throws Exception {
        write("vgg16.csv", EYERISS + "0,0,0.5,0.001\n");
        write("bert_a.csv", SANGER + "0,0,0.5,1\n");
        write("notes.txt", "not a table");
        LatencyDirectory directory = LatencyCsv.loadDirectory(dir, S);
        assertEquals(2, directory.modelCount());
        assertEquals("bert_a", directory.table(0).modelName());
        assertEquals("vgg16", directory.table(1).modelName());
        assertEquals(-1, directory.modelId("notes"));
    }

    @Test
    void emptyOrMissingDirectoryIsBadInput() throws Exception {
        BadInputException empty = assertThrows(BadInputException.class, () -> LatencyCsv.loadDirectory(dir, S));
        assertEquals(dir + ": contains no *.csv latency tables", empty.getMessage());
        Path missing = dir.resolve("nowhere");
        BadInputException absent = assertThrows(BadInputException.class, () -> LatencyCsv.loadDirectory(missing, S));
        assertEquals(missing + ": no such directory", absent.getMessage());
        Path file = write("plain.csv", EYERISS + "0,0,0.5,0.001\n");
        BadInputException notDir = assertThrows(BadInputException.class, () -> LatencyCsv.loadDirectory(file, S));
        assertEquals(file + ": is not a directory", notDir.getMessage());
    }

    @Test
    void loadsClassPathResources() {
        LatencyDirectory directory = LatencyCsv.loadResources(getClass().getClassLoader(), "/latency-demo/",
                List.of("resnet50_a.csv", "bert_a.csv"), S);
        assertEquals(2, directory.modelCount());
        LatencyTable resnet = directory.table(directory.modelId("resnet50_a"));
        assertEquals(0.002, resnet.latencySeconds(0, 1));
        LatencyTable bert = directory.table(directory.modelId("bert_a"));
        assertEquals(1.277952e-3, bert.latencySeconds(0, 0), 1e-15);
    }

    @Test
    void missingResourceIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> LatencyCsv.loadResources(
                getClass().getClassLoader(), "latency-demo", List.of("absent.csv"), S));
        assertEquals("classpath:latency-demo/absent.csv: no such resource", e.getMessage());
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
