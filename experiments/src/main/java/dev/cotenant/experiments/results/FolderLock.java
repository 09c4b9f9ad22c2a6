package dev.cotenant.experiments.results;

import dev.cotenant.simulator.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exclusive OS lock on one output path, held for a whole run: the hidden sibling file
 * {@code .NAME.lock} holds this process's PID and is locked with {@link FileChannel#tryLock()}. The
 * kernel releases the lock when the process dies, so a file left by {@code kill -9} never blocks a
 * resume; a live holder makes a second run fail at once, naming the holder's PID.
 */
public final class FolderLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code target}: a sibling, so it survives the target being swapped whole. */
    public static Path lockFile(Path target) {
        Path t = target.toAbsolutePath().normalize();
        return t.resolveSibling("." + t.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code target} (its parent folder must exist) or refuses, exit status 2, with
     * the holder's PID. Never waits.
     */
    public static FolderLock acquire(Path target) {
        Path file = lockFile(target);
        String token = ProcessHandle.current().pid() + " " + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try {
            // A holder deletes the file when it ends; if it did so between our open and our lock, we locked a dead file: try again.
            for (int attempt = 0; attempt < 8; attempt++) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very process (another thread's run)
                }
                if (lock == null) {
                    String holder = readHolder(file);
                    channel.close();
                    throw BadInputException.at(target.toString(), "in use by pid " + holder
                            + " (another cotenant run is writing here); wait for it to end or choose another --out");
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                channel.force(false);
                String onDisk;
                try {
                    onDisk = Files.readString(file, StandardCharsets.US_ASCII).strip();
                } catch (NoSuchFileException gone) {
                    onDisk = null;
                }
                if (token.equals(onDisk)) return new FolderLock(file, channel, lock);
                lock.release();
                channel.close();
            }
        } catch (IOException e) {
            throw BadInputException.at(target.toString(), "cannot lock " + file + " (" + e.getMessage() + ")");
        }
        throw BadInputException.at(target.toString(), "cannot lock " + file + ": other runs keep replacing it");
    }

    private static String readHolder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            int space = text.indexOf(' ');
            return text.isEmpty() ? "unknown" : space < 0 ? text : text.substring(0, space);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Deletes the lock file, then releases the lock: whoever opened the old file meanwhile finds it gone and retries. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
