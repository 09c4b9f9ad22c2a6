package dev.cotenant.search.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The state of a search after a whole generation: enough to continue it exactly. Written as JSON
 * (doubles in shortest round-trip form, so genes and fitness values come back bit for bit) and
 * atomically, so a run killed at any moment leaves the previous generation's checkpoint intact.
 *
 * @param run            the trajectory fingerprint of the settings ({@link TuningSettings#trajectoryFingerprint})
 * @param nextGeneration the generation the search continues with (1-based, as Jenetics counts)
 * @param population     the population after generation {@code nextGeneration - 1}, in order, with fitness
 * @param best           scalar mode: the best individual seen so far; null in Pareto mode
 * @param front          Pareto mode: the non-dominated individuals seen so far; empty in scalar mode
 */
public record Checkpoint(int format, Map<String, Object> run, long nextGeneration, long evaluations,
                         double elapsedSeconds, int generationsWithoutImprovement, List<Individual> population,
                         Individual best, List<Individual> front, List<HistoryRow> history) {
    static final int FORMAT = 1;
    public static final String FILE_NAME = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // AtomicFiles owns the writer: it flushes and forces it after Jackson is done.
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /**
     * One evaluated genotype.
     *
     * @param genes           unit-interval genes ({@link SearchSpace})
     * @param birthGeneration the generation Jenetics created it in (its age matters to the engine)
     * @param fitness         the objective (scalar mode) or the maximised point (Pareto mode)
     */
    public record Individual(double[] genes, long birthGeneration, double[] fitness) {}

    public void write(Path folder) throws IOException {
        AtomicFiles.write(folder.resolve(FILE_NAME), out -> JSON.writeValue(out, this));
    }

    public static boolean exists(Path folder) { return Files.exists(folder.resolve(FILE_NAME)); }

    /**
     * Reads and checks the checkpoint in {@code folder} against the run about to resume it: any
     * damage or mismatch is bad input, and the file is left as it is.
     */
    public static Checkpoint read(Path folder, Map<String, Object> expectedRun, int geneCount, int fitnessLength) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.exists(file)) throw BadInputException.at(file.toString(), "no checkpoint to resume");
        Checkpoint c;
        try {
            c = JSON.readValue(file.toFile(), Checkpoint.class);
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "corrupt checkpoint: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String problem = c.problem(expectedRun, geneCount, fitnessLength);
        if (problem != null) throw BadInputException.at(file.toString(), problem);
        return c;
    }

    private String problem(Map<String, Object> expectedRun, int geneCount, int fitnessLength) {
        if (format != FORMAT) return "checkpoint format " + format + ", this version reads " + FORMAT;
        if (run == null || population == null || history == null || front == null) return "corrupt checkpoint: missing fields";
        // Compare as JSON trees so a number read back as an int matches the long it was written from.
        JsonNode expected = JSON.valueToTree(expectedRun);
        JsonNode found = JSON.valueToTree(run);
        if (!normalise(expected).equals(normalise(found))) {
            return "was written by a different run (" + found + "); this run is " + expected
                    + ". Resume with the same settings, or write to another folder";
        }
        if (nextGeneration < 1 || evaluations < 0 || !(elapsedSeconds >= 0) || generationsWithoutImprovement < 0) {
            return "corrupt checkpoint: negative counters";
        }
        for (Individual i : population) {
            String p = checkIndividual(i, geneCount, fitnessLength);
            if (p != null) return p;
        }
        for (Individual i : front) {
            String p = checkIndividual(i, geneCount, fitnessLength);
            if (p != null) return p;
        }
        if (best != null) return checkIndividual(best, geneCount, fitnessLength);
        return null;
    }

    private static JsonNode normalise(JsonNode node) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checkIndividual(Individual i, int geneCount, int fitnessLength) {
        if (i == null || i.genes() == null || i.fitness() == null) return "corrupt checkpoint: individual without genes or fitness";
        if (i.genes().length != geneCount) return "corrupt checkpoint: " + i.genes().length + " genes, expected " + geneCount;
        for (double g : i.genes()) if (!(g >= 0 && g < 1)) return "corrupt checkpoint: gene " + g + " outside [0, 1)";
        if (i.fitness().length != fitnessLength) return "corrupt checkpoint: fitness of length " + i.fitness().length;
        for (double f : i.fitness()) if (!Double.isFinite(f)) return "corrupt checkpoint: fitness " + f;
        return null;
    }
}
