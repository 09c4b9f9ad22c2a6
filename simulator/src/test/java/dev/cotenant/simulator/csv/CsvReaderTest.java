package dev.cotenant.simulator.csv;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {
    @Test
    void splitTrimsFieldsAndKeepsEmptyOnes() {
        assertArrayEquals(new String[] {"", "a", "b", "", "c"}, CsvReader.split(", a , b ,, c "));
        assertArrayEquals(new String[] {""}, CsvReader.split(""));
    }

    @Test
    void skipsBlankLinesAndCountsThem() {
        CsvReader csv = new CsvReader(new StringReader("\uFEFFx,y\n\n1,2\r\n   \n3,4\n\n"), "t.csv");
        assertArrayEquals(new String[] {"x", "y"}, csv.readHeader());
        assertTrue(csv.next());
        assertEquals(3, csv.lineNumber());
        assertTrue(csv.next());
        assertEquals(5, csv.lineNumber());
        assertEquals(4, csv.intField(csv.requireColumn("y")));
        assertFalse(csv.next());
    }

    @Test
    void numbersAcceptPandasSpellingsAndRefuseJavaOnlyOnes() {
        CsvReader csv = new CsvReader(new StringReader("a,b,c,d,e,f\nnan,-inf,1e-3,.5,1d,0x1p3\n"), "t.csv");
        csv.readHeader();
        csv.next();
        assertTrue(Double.isNaN(csv.doubleField(0)));
        assertEquals(Double.NEGATIVE_INFINITY, csv.doubleField(1));
        assertEquals(1e-3, csv.doubleField(2));
        assertEquals(0.5, csv.doubleField(3));
        BadInputException suffix = assertThrows(BadInputException.class, () -> csv.doubleField(4));
        assertEquals("t.csv:2: column 'e': \"1d\" is not a number", suffix.getMessage());
        assertThrows(BadInputException.class, () -> csv.doubleField(5));
    }

    @Test
    void atomicWriteReplacesAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.csv");
        AtomicFiles.write(target, out -> out.write("first\n"));
        AtomicFiles.write(target, out -> out.write("second\n"));
        assertEquals("second\n", Files.readString(target));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(target), entries.toList());
        }
    }
}
