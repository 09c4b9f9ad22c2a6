package dev.cotenant.models.data;

import dev.cotenant.simulator.BadInputException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file of unsigned bytes (the format of MNIST and Fashion-MNIST): a 4-byte magic
 * {@code 0 0 type rank}, {@code rank} big-endian 32-bit dimensions, then the data, row-major.
 * Read plain or gzip-compressed (told apart by the gzip magic, not the file name).
 *
 * <p>Only type {@code 0x08} (unsigned byte) is accepted: it is the only type these datasets use,
 * and accepting others without a test would be a promise not kept. A file shorter than its header
 * says, or longer, is bad input naming the file and the byte offset (in the decompressed stream)
 * where it ends or where the extra data starts.
 *
 * @param dimensions the sizes, outermost first ({@code [60000, 28, 28]} for training images)
 * @param data       every value, row-major, as stored (0..255 after {@code & 0xff})
 */
public record IdxFile(int[] dimensions, byte[] data) {
    static final int UNSIGNED_BYTE = 0x08;
    /** Fashion-MNIST's largest file holds 47 MB; a header claiming more than 1 GiB is corrupt, not big. */
    static final long MAX_DATA_BYTES = 1L << 30;

    public int count() { return dimensions[0]; }

    /** Elements of one record (one image: 28 x 28 = 784; one label: 1). */
    public int recordSize() {
        int size = 1;
        for (int d = 1; d < dimensions.length; d++) size *= dimensions[d];
        return size;
    }

    public int unsigned(long index) { return data[Math.toIntExact(index)] & 0xff; }

    public static IdxFile read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            return read(raw, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads from {@code in} (plain or gzip); {@code where} names it in error messages. */
    public static IdxFile read(InputStream in, String where) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream body = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered)) : buffered;
        Reader r = new Reader(body, where);
        int zero0 = r.u8();
        int zero1 = r.u8();
        int type = r.u8();
        int rank = r.u8();
        if (zero0 != 0 || zero1 != 0) throw BadInputException.at(where, "not an IDX file: magic starts " + zero0 + " " + zero1 + ", expected 0 0");
        if (type != UNSIGNED_BYTE) throw BadInputException.at(where, String.format("IDX type 0x%02x is not supported; only 0x08 (unsigned byte)", type));
        if (rank < 1 || rank > 4) throw BadInputException.at(where, "IDX rank " + rank + " is not in 1..4");
        int[] dims = new int[rank];
        long total = 1;
        for (int d = 0; d < rank; d++) {
            long size = r.u32();
            if (size < 1) throw BadInputException.at(where, "dimension " + d + " is " + size + ", must be >= 1");
            dims[d] = (int) Math.min(size, Integer.MAX_VALUE);
            total *= size;
            if (total > MAX_DATA_BYTES) throw BadInputException.at(where, "header claims more than " + MAX_DATA_BYTES + " data bytes");
        }
        byte[] data = new byte[(int) total];
        r.fully(data);
        if (body.read() != -1) {
            throw BadInputException.at(where, "extra data at byte offset " + r.offset + " after the " + total + " bytes the header " + Arrays.toString(dims) + " declares");
        }
        return new IdxFile(dims, data);
    }

    /** Counts bytes so a short file can say where it ends. */
    private static final class Reader {
        final InputStream in;
        final String where;
        long offset;

        Reader(InputStream in, String where) {
            this.in = in;
            this.where = where;
        }

        int u8() throws IOException {
            int b = in.read();
            if (b < 0) throw truncated(1);
            offset++;
            return b;
        }

        long u32() throws IOException {
            return ((long) u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
        }

        void fully(byte[] into) throws IOException {
            int done = 0;
            while (done < into.length) {
                int n = in.read(into, done, into.length - done);
                if (n < 0) {
                    throw BadInputException.at(where, "truncated at byte offset " + offset + ": the header declares "
                            + into.length + " data bytes, " + done + " present");
                }
                done += n;
                offset += n;
            }
        }

        private BadInputException truncated(int wanted) {
            return BadInputException.at(where, "truncated at byte offset " + offset + ": header needs " + wanted + " more byte(s)");
        }
    }
}
