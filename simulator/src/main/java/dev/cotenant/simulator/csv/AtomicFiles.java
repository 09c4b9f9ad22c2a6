package dev.cotenant.simulator.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file so that readers see either the old content or the complete new one, never a half-written file. */
public final class AtomicFiles {
    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes {@code content} (UTF-8) to a temporary file next to {@code target} (the same directory,
     * hence the same file system, so the rename can be atomic), forces it to disk, then renames it
     * over {@code target}. The temporary file is removed if anything fails.
     */
    public static void write(Path target, Content content) throws IOException {
        writeChannel(target, channel -> {
            Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
            content.writeTo(out);
            out.flush();
        });
    }

    /** As {@link #write(Path, Content)}, for bytes (images, archives). */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        writeChannel(target, channel -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
        });
    }

    private interface ChannelContent {
        void writeTo(FileChannel channel) throws IOException;
    }

    private static void writeChannel(Path target, ChannelContent content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = dir.resolve("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // CREATE_NEW: never clobber someone else's file; default permissions (unlike createTempFile's owner-only).
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems cannot rename atomically; a plain replace is the best they offer.
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
