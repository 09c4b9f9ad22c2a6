package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.RepositoryRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code cotenant} launcher script, run for real on a copy in a scratch project whose
 * {@code mvnw} and {@code java} are stubs: when it rebuilds (only for tracked main sources, resources
 * and poms newer than the jar, never for files under {@code target/}, tests or benchmarks) and what
 * {@code +dirty} means
 * (a tracked file changed; untracked files do not count).
 */
class LauncherTest {
    @TempDir Path scratch;
    /** A folder whose path has a space: the launcher must keep every path one argument. */
    Path project;
    Path jar;
    Path bin;

    @BeforeEach
    void scratchProject() throws Exception {
        assumeTrue(available("git") && available("bash"), "needs git and bash");
        project = Files.createDirectory(scratch.resolve("my project"));
        Path launcher = RepositoryRoot.find().resolve("cotenant");
        Files.copy(launcher, project.resolve("cotenant"));
        executable(project.resolve("cotenant"));
        // mvnw stub: prints a Maven-like progress line, logs the build, writes the jar.
        write("mvnw", """
                #!/usr/bin/env bash
                echo "[INFO] Building stub [1/1]"
                echo "[INFO] --- noise that the launcher filters ---" >/dev/null
                echo built >> build.log
                mkdir -p experiments/target && echo jar > experiments/target/cotenant.jar
                """);
        executable(project.resolve("mvnw"));
        bin = Files.createDirectory(project.resolve(".stub-bin"));
        // java stub: prints the commit the launcher passes, so the test can read it.
        Files.writeString(bin.resolve("java"), "#!/usr/bin/env bash\nfor a in \"$@\"; do case \"$a\" in -Dcotenant.git.commit=*) echo \"${a#*=}\";; esac; done\n");
        executable(bin.resolve("java"));
        write("pom.xml", "<project/>\n");
        write("simulator/src/main/java/A.java", "class A {}\n");
        write("simulator/src/main/resources/r.txt", "r\n");
        write(".gitignore", "target/\n/results/\n/.stub-bin/\nbuild.log\n");
        git("init", "-q");
        git("add", "-A");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
        jar = project.resolve("experiments/target/cotenant.jar");
    }

    @Test
    void buildsOnceThenOnlyForTrackedInputs() throws Exception {
        Run first = launch();
        assertEquals(1, builds(), "no jar yet: one build");
        assertTrue(first.err().contains("[INFO] Building stub"), "Maven's progress is shown: " + first.err());
        assertFalse(first.out().contains("+dirty"), first.out());
        ageJar();

        launch();
        assertEquals(1, builds(), "nothing changed: no build");

        // A source generated under target/ (the benchmarks module's) is newer than the jar after every build.
        write("benchmarks/target/generated-sources/Gen.java", "class Gen {}\n");
        write("results/demo/metrics.csv", "x\n");
        write("scratch.txt", "untracked notes\n");
        write("simulator/src/test/java/T.java", "class T {}\n"); // tests are not in the jar
        write("benchmarks/src/main/java/Bench.java", "class Bench {}\n"); // nor is the benchmarks module
        write("examples/custom-scheduler/src/main/java/example/Mine.java", "class Mine {}\n"); // nor a plug-in example
        Run untracked = launch();
        assertEquals(1, builds(), "generated, untracked, test, benchmark and example files: no build");
        assertFalse(untracked.out().contains("+dirty"), "untracked files are not +dirty: " + untracked.out());

        write("simulator/src/main/java/A.java", "class A { int changed; }\n");
        Run changed = launch();
        assertEquals(2, builds(), "a tracked source newer than the jar: rebuild");
        assertTrue(changed.out().strip().endsWith("+dirty"), "a changed tracked file is +dirty: " + changed.out());
        ageJar();

        write("simulator/src/main/resources/r.txt", "r2\n");
        launch();
        assertEquals(3, builds(), "a tracked resource: rebuild");
        ageJar();

        write("models/src/main/java/B.java", "class B {}\n"); // new, not yet added: Maven compiles it all the same
        launch();
        assertEquals(4, builds(), "a new source not ignored: rebuild");
    }

    @Test
    void outsideAGitCheckoutEveryFileOutsideTargetCounts() throws Exception {
        Files.walk(project.resolve(".git")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Run first = launch();
        assertEquals(1, builds());
        assertTrue(first.out().strip().endsWith("unknown"), first.out());
        ageJar();
        write("benchmarks/target/generated-sources/Gen.java", "class Gen {}\n");
        launch();
        assertEquals(1, builds(), "files under target/ never count");
        write("simulator/src/main/java/A.java", "class A { int changed; }\n");
        launch();
        assertEquals(2, builds());
    }

    record Run(String out, String err) {}

    private Run launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "cotenant", "--version").directory(project.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Path out = project.resolve(".stub-bin/out"), err = project.resolve(".stub-bin/err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher finished");
        Run run = new Run(Files.readString(out), Files.readString(err));
        assertEquals(0, p.exitValue(), run.err());
        return run;
    }

    private int builds() throws IOException {
        Path log = project.resolve("build.log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    /**
     * Back-dates every file by two minutes and the jar by one, as if the last build were a minute
     * old: a file written next is newer than the jar whatever the file system's time resolution.
     */
    private void ageJar() throws IOException {
        try (var files = Files.walk(project)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(120)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private void write(String relative, String text) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "git " + String.join(" ", args) + ": " + output);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean available(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
