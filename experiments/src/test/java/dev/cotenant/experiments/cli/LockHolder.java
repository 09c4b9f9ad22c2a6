package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.FolderLock;

import java.nio.file.Path;

/** A second process for {@link ReliabilityTest}: holds the lock of its argument until its standard input closes. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (FolderLock lock = FolderLock.acquire(Path.of(args[0]))) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
        }
    }
}
