package dev.cotenant.experiments.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one output rule of every command, and the result folder that follows it.
 *
 * <p><b>The rule.</b> {@code --out} may name a path that does not exist, an empty folder, or a folder
 * this project wrote earlier for the same command, recognised by its marker file {@value #MARKER},
 * which names the command and every file the command put there. Anything else (a file where a
 * folder is expected, a folder holding files the marker does not list, another command's folder,
 * an input of the run) is refused with exit status 2 before any work. {@code --force} lets a run
 * write into a folder with foreign files, replacing only the files of the names it writes; nothing
 * else is deleted, ever. A single-file output ({@link #claimFile}) never replaces an existing file
 * without {@code --force}. Every claim also takes the output's {@link FolderLock} for the run and
 * removes what killed runs of this output left (staging folders, temporary files).
 *
 * <p><b>The folder.</b> Files are written into a hidden sibling folder, and {@link #commit()} swaps
 * it into place, so the result appears complete or not at all; if the run fails first, the target is
 * untouched and the staging folder deleted. The earlier result is deleted file by file from its
 * marker's list, so a file a user added in the meantime survives.
 */
public final class ResultFolder implements AutoCloseable {
    /** Marks a folder as one command's result and lists the files it wrote (relative paths, '/'-separated). */
    public static final String MARKER = ".cotenant-output.json";
    /** The provenance every command's result holds. */
    public static final String COMMAND_RECORD = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What {@link AtomicFiles} and this class leave behind when a run is killed: {@code .NAME.HEX.tmp}, {@code .NAME.staging-HEX}, {@code .NAME.old-HEX}. */
    private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    /** What the rule found at the target. */
    enum State { ABSENT, EMPTY, OWN, MERGE }

    /** The rule's verdict: what is there, and which of its files are this command's (to replace or delete). */
    record Claim(State state, Set<String> ownFiles) {}

    private final Path target;
    private final String command;
    private final Claim claim;
    private final FolderLock lock;
    private final List<Path> createdParents;
    private Path staging;
    private boolean committed;

    private ResultFolder(Path target, String command, Claim claim, FolderLock lock, List<Path> createdParents) {
        this.target = target;
        this.command = command;
        this.claim = claim;
        this.lock = lock;
        this.createdParents = createdParents;
    }

    /**
     * Claims {@code target} as the result folder of {@code command}: applies the rule (refusing with
     * exit 2, writing nothing), takes the lock and cleans what killed runs left. Call it before the
     * work so a long run never ends in a refusal; files are staged on first {@link #file} call.
     *
     * @param inputs files and folders the run reads: --out may not be one of them or lie inside one
     */
    public static ResultFolder claim(Path target, String command, boolean force, Path... inputs) {
        Path t = target.toAbsolutePath().normalize();
        checkNotInput(target, t, inputs);
        List<Path> created = createParents(target, t);
        FolderLock lock = null;
        try {
            lock = FolderLock.acquire(target);
            cleanStale(t, command);
            Claim claim = check(target, t, command, force);
            return new ResultFolder(t, command, claim, lock, created);
        } catch (RuntimeException e) {
            if (lock != null) lock.close();
            deleteIfEmpty(created);
            throw e;
        }
    }

    /**
     * A part of a result that its owner (holding the lock) replaces whole, such as an experiment's
     * {@code plots/}: swapped in like a result folder, but files the marker does not list are kept
     * rather than refused, since the owner already vetted its folder.
     */
    public static ResultFolder part(Path target, String name) {
        Path t = target.toAbsolutePath().normalize();
        try {
            Files.createDirectories(t.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cleanStale(t, name);
        Claim claim;
        try {
            claim = check(target, t, name, false);
        } catch (BadInputException foreign) {
            claim = check(target, t, name, true); // its owner vetted the folder: keep what is not ours, replace what is
        }
        return new ResultFolder(t, name, claim, null, List.of());
    }

    /**
     * Claims a single output file ({@code trace --out}): refuses an existing file unless {@code force},
     * a folder always, and an input always; takes its lock. The caller writes the file atomically
     * (with {@link AtomicFiles}) and closes the claim.
     */
    public static FolderLock claimFile(Path target, boolean force, Path... inputs) {
        Path t = target.toAbsolutePath().normalize();
        checkNotInput(target, t, inputs);
        if (Files.isDirectory(t)) throw BadInputException.at(target.toString(), "is a folder; --out names the file to write");
        if (Files.exists(t) && !force) {
            throw BadInputException.at(target.toString(), "exists; cotenant does not replace a file it did not write without --force "
                    + "(choose another --out, or pass --force to replace it)");
        }
        Path parent = t.getParent();
        if (!Files.isDirectory(parent)) throw BadInputException.at(target.toString(), "its folder " + parent + " does not exist");
        FolderLock lock = FolderLock.acquire(target);
        cleanStale(t, null);
        return lock;
    }

    /**
     * Claims {@code target} for a command that writes into it in place as it goes (so a killed run can
     * resume), such as {@code tune}: the same rule, the lock, and a marker written now that lists
     * {@code names}, every file the command may write, so a resume after a kill recognises its own.
     * Closing it releases the lock, and removes the folder again if the run wrote nothing but the marker.
     */
    public static InPlace claimInPlace(Path target, String command, boolean force, Collection<String> names, Path... inputs) {
        Path t = target.toAbsolutePath().normalize();
        checkNotInput(target, t, inputs);
        List<Path> created = createParents(target, t);
        FolderLock lock = FolderLock.acquire(target);
        try {
            cleanStale(t, command);
            Claim claim = check(target, t, command, force);
            boolean existed = Files.exists(t);
            Files.createDirectories(t);
            Set<String> own = new TreeSet<>(names);
            if (claim.state() != State.MERGE) own.addAll(claim.ownFiles());
            writeMarker(t, command, own);
            return new InPlace(t, lock, existed, created);
        } catch (IOException e) {
            lock.close();
            throw BadInputException.at(target.toString(), "cannot write (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            lock.close();
            deleteIfEmpty(created);
            throw e;
        }
    }

    /** A claim of {@link #claimInPlace}: holds the lock until closed. */
    public static final class InPlace implements AutoCloseable {
        private final Path folder;
        private final FolderLock lock;
        private final boolean existed;
        private final List<Path> createdParents;

        private InPlace(Path folder, FolderLock lock, boolean existed, List<Path> createdParents) {
            this.folder = folder;
            this.lock = lock;
            this.existed = existed;
            this.createdParents = createdParents;
        }

        @Override
        public void close() throws IOException {
            try {
                if (!existed && listFiles(folder).equals(Set.of(MARKER))) { // failed before its first file: leave nothing behind
                    Files.delete(folder.resolve(MARKER));
                    Files.delete(folder);
                    deleteIfEmpty(createdParents);
                }
            } finally {
                lock.close();
            }
        }
    }

    /**
     * The lock of an experiment's result folder, whose own rule (its manifest names the experiment and
     * spec it holds) is {@link ExperimentStore}'s: taken for the whole run, after removing what killed
     * runs of it left (temporary files in the folder and its {@code plots/}, staging folders).
     */
    public static FolderLock lockExperiment(Path target) {
        Path t = target.toAbsolutePath().normalize();
        List<Path> created = createParents(target, t);
        FolderLock lock;
        try {
            lock = FolderLock.acquire(target);
        } catch (RuntimeException e) {
            deleteIfEmpty(created);
            throw e;
        }
        cleanStale(t, null);
        if (Files.exists(t.resolve(ExperimentStore.MANIFEST)) || Files.exists(t.resolve(COMMAND_RECORD))) {
            for (Path dir : new Path[] {t, t.resolve(ExperimentStore.PLOTS)}) {
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> entries = Files.list(dir)) {
                    for (Path p : entries.toList()) if (TEMP.matcher(p.getFileName().toString()).matches()) Files.deleteIfExists(p);
                } catch (IOException e) {
                    // leftovers are untidy, not wrong
                }
            }
            cleanStale(t.resolve(ExperimentStore.PLOTS), null);
        }
        return lock;
    }

    /** Where to write a file of the result (inside the staging folder until the commit). */
    public Path file(String name) {
        if (staging == null) {
            staging = target.resolveSibling("." + target.getFileName() + ".staging-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                Files.createDirectories(staging);
            } catch (IOException e) {
                throw BadInputException.at(target.toString(), "cannot create the output folder next to it (" + e.getMessage() + ")");
            }
        }
        return staging.resolve(name);
    }


    /** Puts the staged files in place, with the marker listing them; earlier own files not rewritten are deleted, no others. */
    public void commit() throws IOException {
        file(MARKER); // an empty result is still a result
        Set<String> written = listFiles(staging);
        writeMarker(staging, command, written);
        switch (claim.state()) {
            case ABSENT, EMPTY -> {
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    Files.delete(target); // an empty folder some systems do not rename over; still empty, or the delete fails
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            case OWN -> {
                Path old = target.resolveSibling("." + target.getFileName() + ".old-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                deleteListed(old, claim.ownFiles());
                Files.deleteIfExists(old.resolve(MARKER));
                if (!deleteIfEmptyTree(old)) {
                    // someone added a file after the claim: give it back rather than lose it
                    moveBackForeign(old);
                }
            }
            case MERGE -> {
                Files.createDirectories(target);
                for (String name : written) {
                    if (name.equals(MARKER)) continue;
                    Path to = target.resolve(name);
                    Files.createDirectories(to.getParent());
                    Files.move(staging.resolve(name), to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                Set<String> stale = new TreeSet<>(claim.ownFiles());
                stale.removeAll(written);
                deleteListed(target, stale);
                Files.move(staging.resolve(MARKER), target.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(staging);
            }
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!committed && staging != null) deleteTree(staging);
            if (!committed) deleteIfEmpty(createdParents);
        } finally {
            if (lock != null) lock.close();
        }
    }

    // ---- the rule ----

    private static void checkNotInput(Path given, Path t, Path... inputs) {
        for (Path input : inputs) {
            if (input == null) continue;
            Path in = input.toAbsolutePath().normalize();
            if (t.equals(in) || t.startsWith(in) && Files.isDirectory(in)) {
                throw BadInputException.at(given.toString(), (t.equals(in) ? "is" : "lies inside") + " an input of this run (" + input
                        + "); choose another --out");
            }
        }
    }

    /** The verdict of the rule for a folder output, or a one-line refusal. */
    static Claim check(Path given, Path t, String command, boolean force) {
        if (!Files.exists(t)) return new Claim(State.ABSENT, Set.of());
        if (!Files.isDirectory(t)) {
            throw BadInputException.at(given.toString(), "is a file, and --out names a folder here: choose another --out");
        }
        String firstEntry;
        try (Stream<Path> entries = Files.list(t)) {
            firstEntry = entries.map(p -> p.getFileName().toString()).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw BadInputException.at(given.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        if (firstEntry == null) return new Claim(State.EMPTY, Set.of());
        Path marker = t.resolve(MARKER);
        String owner = null;
        Set<String> listed = new TreeSet<>();
        if (Files.isRegularFile(marker)) {
            try {
                JsonNode m = JSON.readTree(marker.toFile());
                owner = m.path("command").asText(null);
                for (JsonNode f : m.path("files")) listed.add(f.asText());
            } catch (IOException e) {
                throw BadInputException.at(marker.toString(), "unreadable marker (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (force) {
            // Only files the marker says this command wrote may be deleted; everything else stays.
            return new Claim(State.MERGE, command.equals(owner) ? listed : Set.of());
        }
        if (owner == null) { // refused on its first entry: a mistyped --out of a home folder is not walked
            for (String experimentFile : new String[] {ExperimentStore.MANIFEST, ExperimentStore.REPORT_HTML}) {
                if (Files.exists(t.resolve(experimentFile))) {
                    throw BadInputException.at(given.toString(), "holds an experiment's results (" + experimentFile + "); choose another --out");
                }
            }
            throw BadInputException.at(given.toString(), "holds files cotenant did not write (no " + MARKER + ", e.g. "
                    + firstEntry + "); choose another --out, or pass --force to add to it (nothing there is deleted)");
        }
        if (!owner.equals(command)) {
            throw BadInputException.at(given.toString(), "holds the results of 'cotenant " + owner + "', not of '" + command
                    + "'; choose another --out");
        }
        for (String f : listFiles(t)) {
            if (f.equals(MARKER) || listed.contains(f)) continue;
            throw BadInputException.at(given.toString(), "holds " + f + ", which cotenant did not write; a rerun would not keep "
                    + "the folder whole: move it away, choose another --out, or pass --force (it is kept)");
        }
        return new Claim(State.OWN, listed);
    }

    /** Files (not folders) under {@code root}, as '/'-separated relative paths, sorted; empty folders count as entries too. */
    private static Set<String> listFiles(Path root) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (p.equals(root)) continue;
                boolean emptyDir = false;
                if (Files.isDirectory(p)) {
                    try (Stream<Path> inside = Files.list(p)) {
                        emptyDir = inside.findAny().isEmpty();
                    }
                    if (!emptyDir) continue;
                }
                out.add(root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"));
            }
        } catch (AccessDeniedException e) {
            throw BadInputException.at(root.toString(), "cannot be read (permission denied: " + e.getFile() + ")");
        } catch (IOException e) {
            throw BadInputException.at(root.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        return out;
    }

    private static void writeMarker(Path folder, String command, Set<String> files) throws IOException {
        List<String> sorted = new ArrayList<>(new TreeSet<>(files));
        sorted.remove(MARKER);
        StringBuilder b = new StringBuilder("{\n  \"command\" : ").append(JSON.writeValueAsString(command)).append(",\n  \"files\" : [");
        for (int i = 0; i < sorted.size(); i++) b.append(i == 0 ? " " : ", ").append(JSON.writeValueAsString(sorted.get(i)));
        b.append(" ]\n}\n");
        String text = b.toString();
        AtomicFiles.write(folder.resolve(MARKER), w -> w.write(text));
    }

    // ---- hygiene ----

    /** Parents of {@code t} that do not exist yet, created now (outermost first), so the lock and staging can sit next to it. */
    private static List<Path> createParents(Path given, Path t) {
        List<Path> missing = new ArrayList<>();
        for (Path p = t.getParent(); p != null && !Files.exists(p); p = p.getParent()) missing.add(0, p);
        try {
            if (!missing.isEmpty()) Files.createDirectories(missing.get(missing.size() - 1));
        } catch (FileSystemException e) {
            throw BadInputException.at(given.toString(), "cannot create its folder (" + (e instanceof AccessDeniedException
                    ? "permission denied: " + e.getFile() : e.getMessage()) + ")");
        } catch (IOException e) {
            throw BadInputException.at(given.toString(), "cannot create its folder (" + e.getMessage() + ")");
        }
        if (!Files.isDirectory(t.getParent())) {
            throw BadInputException.at(given.toString(), "cannot create it: " + t.getParent() + " is a file, not a folder");
        }
        return missing;
    }

    private static void deleteIfEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return; // not empty: someone else's now
            }
        }
    }

    /**
     * Deletes what killed runs of this output left: its hidden staging and old folders, and temporary
     * files of {@link AtomicFiles} in the target if the target is {@code command}'s (by its marker).
     * Only names this project makes; called under the lock, so no live run of this output owns them.
     */
    private static void cleanStale(Path t, String command) {
        String name = t.getFileName().toString();
        Path parent = t.getParent();
        try {
            if (Files.isDirectory(parent)) {
                try (Stream<Path> siblings = Files.list(parent)) {
                    for (Path s : siblings.toList()) {
                        String n = s.getFileName().toString();
                        if (n.startsWith("." + name + ".staging-") || n.startsWith("." + name + ".old-")
                                || TEMP.matcher(n).matches() && n.startsWith("." + name + ".")) {
                            deleteTree(s);
                        }
                    }
                }
            }
            if (command != null && Files.isDirectory(t) && command.equals(owner(t))) {
                try (Stream<Path> paths = Files.walk(t)) {
                    for (Path p : paths.toList()) if (Files.isRegularFile(p) && TEMP.matcher(p.getFileName().toString()).matches()) Files.delete(p);
                }
            }
        } catch (IOException e) {
            // leftovers are untidy, not wrong: the run goes on
        }
    }

    private static String owner(Path folder) {
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) return null;
        try {
            return JSON.readTree(marker.toFile()).path("command").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static final Pattern HEX_STAGING = Pattern.compile(".*\\.(staging|old)-[0-9a-f]+");

    private static void deleteListed(Path root, Set<String> files) throws IOException {
        for (String f : files) {
            Path p = root.resolve(f);
            if (Files.isDirectory(p)) {
                try (Stream<Path> inside = Files.list(p)) {
                    if (inside.findAny().isPresent()) continue;
                }
            }
            Files.deleteIfExists(p);
            // folders emptied by it go too, up to the root
            for (Path d = p.getParent(); d != null && !d.equals(root) && d.startsWith(root); d = d.getParent()) {
                try (Stream<Path> inside = Files.list(d)) {
                    if (inside.findAny().isPresent()) break;
                }
                Files.delete(d);
            }
        }
    }

    private static boolean deleteIfEmptyTree(Path dir) throws IOException {
        try {
            Files.delete(dir);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
    }

    private void moveBackForeign(Path old) throws IOException {
        try (Stream<Path> entries = Files.list(old)) {
            for (Path e : entries.toList()) {
                Path to = target.resolve(e.getFileName().toString());
                if (!Files.exists(to)) Files.move(e, to, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        deleteIfEmptyTree(old); // else it stays, visible, rather than deleted
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        if (!HEX_STAGING.matcher(root.getFileName().toString()).matches() && !TEMP.matcher(root.getFileName().toString()).matches()) {
            throw new IllegalStateException("refusing to delete " + root + ": not a staging folder or temporary file of this project");
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
