package dev.cotenant.experiments.cli;

import dev.cotenant.models.data.FashionMnist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code measure-sparsity --fmnist} on a damaged data folder: exit 2, one line naming file and offset, nothing written. */
class MeasureSparsityFashionCliTest {
    @TempDir Path dir;

    @AfterEach
    void forgetFolder() { System.clearProperty(FashionMnist.FOLDER_PROPERTY); }

    @Test
    void truncatedTestImagesAreBadInputOnOneLine() throws Exception {
        Path data = Files.createDirectory(dir.resolve("fmnist"));
        // A header for 10,000 28x28 images (16 bytes) followed by only 100 data bytes.
        byte[] header = {0, 0, 8, 3, 0, 0, 0x27, 0x10, 0, 0, 0, 28, 0, 0, 0, 28};
        Files.write(data.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(header, header.length + 100));
        byte[] labels = Arrays.copyOf(new byte[] {0, 0, 8, 1, 0, 0, 0x27, 0x10}, 8 + 10_000);
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), labels);
        System.setProperty(FashionMnist.FOLDER_PROPERTY, data.toString());
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.cotenant("measure-sparsity", "--fmnist", "--out", out.toString());
        assertEquals(2, r.status(), r.err());
        // 16 header bytes + 100 data bytes: the file ends at offset 116 of the 7,840,000 declared.
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.endsWith(data.resolve("t10k-images-idx3-ubyte")
                + ": truncated at byte offset 116: the header declares 7840000 data bytes, 100 present"), line);
        assertFalse(Files.exists(out));
    }
}
