package dev.cotenant.models.data;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFileTest {
    /** Two 2x3 "images" with values 0..11 (the 11 stored as 0xFF-244 to check unsigned reading: 255). */
    static byte[] twoImages() {
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3};
        byte[] file = Arrays.copyOf(header, header.length + 12);
        for (int i = 0; i < 11; i++) file[header.length + i] = (byte) i;
        file[header.length + 11] = (byte) 0xff;
        return file;
    }

    @Test
    void readsPlainAndGzipAlike() throws Exception {
        byte[] plain = twoImages();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) { out.write(plain); }
        for (byte[] bytes : new byte[][] {plain, gz.toByteArray()}) {
            IdxFile f = IdxFile.read(new ByteArrayInputStream(bytes), "mem");
            assertArrayEquals(new int[] {2, 2, 3}, f.dimensions());
            assertEquals(2, f.count());
            assertEquals(6, f.recordSize());
            assertEquals(7, f.unsigned(7));
            assertEquals(255, f.unsigned(11)); // unsigned, not -1
        }
    }

    @Test
    void truncatedDataNamesFileAndOffset(@TempDir Path dir) throws Exception {
        byte[] full = twoImages();
        Path file = dir.resolve("short-idx3-ubyte");
        Files.write(file, Arrays.copyOf(full, full.length - 5)); // header 16 bytes + 7 of 12 data bytes
        BadInputException e = assertThrows(BadInputException.class, () -> IdxFile.read(file));
        // The stream ends after 16 + 7 = 23 bytes; one line naming the file.
        assertEquals(file + ": truncated at byte offset 23: the header declares 12 data bytes, 7 present", e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void truncatedGzipHeaderNamesOffset(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) { out.write(Arrays.copyOf(twoImages(), 10)); }
        Path file = dir.resolve("short.gz");
        Files.write(file, gz.toByteArray());
        BadInputException e = assertThrows(BadInputException.class, () -> IdxFile.read(file));
        // Magic (4) + first dimension (4) + 2 bytes of the second: the 11th byte (offset 10) is missing.
        assertEquals(file + ": truncated at byte offset 10: header needs 1 more byte(s)", e.getMessage());
    }

    @Test
    void rejectsWrongMagicTypeAndTrailingData() {
        byte[] ok = twoImages();
        byte[] magic = ok.clone();
        magic[1] = 1;
        assertEquals("m: not an IDX file: magic starts 0 1, expected 0 0",
                assertThrows(BadInputException.class, () -> IdxFile.read(new ByteArrayInputStream(magic), "m")).getMessage());
        byte[] floats = ok.clone();
        floats[2] = 0x0d;
        assertEquals("m: IDX type 0x0d is not supported; only 0x08 (unsigned byte)",
                assertThrows(BadInputException.class, () -> IdxFile.read(new ByteArrayInputStream(floats), "m")).getMessage());
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        assertEquals("m: extra data at byte offset 28 after the 12 bytes the header [2, 2, 3] declares",
                assertThrows(BadInputException.class, () -> IdxFile.read(new ByteArrayInputStream(longer), "m")).getMessage());
    }

    @Test
    void fashionMnistInstalledCopyHasItsPublishedShape() {
        org.junit.jupiter.api.Assumptions.assumeTrue(FashionMnist.available(), "dataset-fashion-mnist not installed");
        FashionMnist.Split test = FashionMnist.test();
        assertEquals(10_000, test.size());
        // Fashion-MNIST's test split is balanced: 1,000 images of each class (Xiao et al. 2017).
        int[] perClass = new int[10];
        for (int y : test.labels()) perClass[y]++;
        for (int c = 0; c < 10; c++) assertEquals(1000, perClass[c], "class " + c);
    }
}
