package dev.cotenant.experiments.results;

import dev.cotenant.simulator.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /** Lock files this process holds: a second claim in the same JVM must not even open one (see {@link #acquire}). */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Takes the lock of {@code target} (its parent folder must exist) or refuses, exit status 2, with
     * the holder's PID. Never waits.
     *
     * <p>POSIX locks belong to the process, and closing <em>any</em> descriptor of the file releases
     * them: so the holder never opens its lock file a second time, and a claim in the same process
     * (another thread) is refused from {@link #HELD} without opening it. The file is deleted when the
     * run ends; a run that opened it just before that deletion locks a dead file, which the check of
     * its identity (the path's inode before the open and after the lock) catches, and it tries again.
     */
    public static FolderLock acquire(Path target) {
        Path file = lockFile(target);
        if (!HELD.add(file)) throw inUse(target, Long.toString(ProcessHandle.current().pid()));
        try {
            for (int attempt = 0; attempt < 8; attempt++) {
                Object before = fileKey(file);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close(); // no lock of ours on this file: closing releases nothing
                    throw inUse(target, readHolder(file));
                }
                if (before != null && before.equals(fileKey(file))) {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                    channel.force(false);
                    return new FolderLock(file, channel, lock);
                }
                lock.release(); // created now, or replaced meanwhile: make sure of the path's file on the next round
                channel.close();
            }
        } catch (IOException e) {
            HELD.remove(file);
            throw BadInputException.at(target.toString(), "cannot lock " + file + " (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
        HELD.remove(file);
        throw BadInputException.at(target.toString(), "cannot lock " + file + ": other runs keep replacing it");
    }

    private static BadInputException inUse(Path target, String pid) {
        String holder = pid.equals("unknown") ? "another cotenant run (starting: its pid is not written yet)" : "pid " + pid;
        return BadInputException.at(target.toString(), "in use by " + holder
                + " (another cotenant run is writing here); wait for it to end or choose another --out");
    }

    /** The file system's identity of the file at {@code file} (device and inode on Unix), or null if there is none. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String readHolder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? "unknown" : text;
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
        } finally {
            HELD.remove(file);
        }
    }
}
