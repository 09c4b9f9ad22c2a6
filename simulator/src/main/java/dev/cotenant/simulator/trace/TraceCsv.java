package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.csv.CsvReader;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Trace files: header {@value #HEADER}, optionally followed by {@code frame} and then
 * {@code depends_on} ({@value #PERIODIC_HEADER}); then one request per line, sorted by arrival.
 * {@code frame} is the request's frame number in its model's stream (an integer >= 0, unique per
 * model); {@code depends_on} lists the requests it waits for as {@code model:frame}, separated by
 * {@code ;} (empty for none). Model names are resolved against a {@link LatencyDirectory}; numbers
 * are written in full precision, so writing and reading back gives the same trace.
 */
public final class TraceCsv {
    public static final String HEADER = "arrival_s,model,sample,priority,target_latency_s";
    private static final String[] COLUMNS = CsvReader.split(HEADER);
    private static final int ARRIVAL = 0;
    private static final int MODEL = 1;
    private static final int SAMPLE = 2;
    private static final int PRIORITY = 3;
    private static final int TARGET_LATENCY = 4;
    public static final String FRAME_COLUMN = "frame";
    public static final String DEPENDS_ON_COLUMN = "depends_on";
    public static final String PERIODIC_HEADER = HEADER + "," + FRAME_COLUMN + "," + DEPENDS_ON_COLUMN;

    private TraceCsv() {}

    /**
     * The trace files a path names: the file itself, or a folder's {@code *.csv} files sorted by name (so a
     * folder lists the same way on every machine). A folder without one is refused.
     */
    public static List<Path> files(Path fileOrFolder) {
        if (Files.isRegularFile(fileOrFolder)) return List.of(fileOrFolder);
        if (!Files.isDirectory(fileOrFolder)) throw BadInputException.at(fileOrFolder.toString(), "no such file or folder");
        try (java.util.stream.Stream<Path> entries = Files.list(fileOrFolder)) {
            List<Path> files = entries.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".csv")).sorted().toList();
            if (files.isEmpty()) throw BadInputException.at(fileOrFolder.toString(), "holds no trace file (*.csv, header " + HEADER + ")");
            return files;
        } catch (IOException e) {
            throw BadInputException.at(fileOrFolder.toString(), "cannot list: " + e);
        }
    }

    public static Trace read(Path file, LatencyDirectory directory) {
        Reader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "cannot read: " + e);
        }
        return read(reader, file.toString(), directory);
    }

    /** Reads a trace from {@code reader} (closed afterwards); {@code source} names it in error messages. */
    public static Trace read(Reader reader, String source, LatencyDirectory directory) {
        try (CsvReader csv = new CsvReader(reader, source)) {
            int extra = checkHeader(csv, csv.readHeader());
            boolean frames = extra >= 1;
            boolean depends = extra == 2;
            TraceBuilder requests = new TraceBuilder();
            java.util.List<String> dependsText = new java.util.ArrayList<>();
            int[] lines = new int[64];
            int previousLine = 0;
            while (csv.next()) {
                double arrivalSeconds = csv.doubleField(ARRIVAL);
                if (!(arrivalSeconds >= 0) || Double.isInfinite(arrivalSeconds)) {
                    throw csv.error(COLUMNS[ARRIVAL] + " is " + arrivalSeconds + ", must be finite and >= 0");
                }
                String modelName = csv.field(MODEL);
                int modelId = directory.modelId(modelName);
                if (modelId < 0) {
                    String known = directory.tables().stream().map(LatencyTable::modelName).collect(Collectors.joining(", "));
                    throw csv.error("unknown model '" + modelName + "' (known models: " + known + ")");
                }
                int sample = csv.intField(SAMPLE);
                int sampleCount = directory.table(modelId).sampleCount();
                if (sample < 0 || sample >= sampleCount) {
                    throw csv.error("sample " + sample + " is out of range for model '" + modelName
                            + "': valid samples are 0.." + (sampleCount - 1));
                }
                double priority = csv.doubleField(PRIORITY);
                if (!(priority > 0) || Double.isInfinite(priority)) {
                    throw csv.error(COLUMNS[PRIORITY] + " is " + priority + ", must be finite and > 0");
                }
                double targetLatencySeconds = csv.doubleField(TARGET_LATENCY);
                if (!(targetLatencySeconds >= 0) || Double.isInfinite(targetLatencySeconds)) {
                    throw csv.error(COLUMNS[TARGET_LATENCY] + " is " + targetLatencySeconds + ", must be finite and >= 0");
                }
                if (requests.size() > 0 && arrivalSeconds < requests.lastArrivalSeconds()) {
                    throw csv.error("arrival " + arrivalSeconds + " s is earlier than " + requests.lastArrivalSeconds()
                            + " s on line " + previousLine + ": requests must be sorted by arrival");
                }
                int frame = -1;
                if (frames) {
                    frame = csv.intField(TARGET_LATENCY + 1);
                    if (frame < 0) throw csv.error(FRAME_COLUMN + " is " + frame + ", must be >= 0");
                }
                if (lines.length == requests.size()) lines = Arrays.copyOf(lines, lines.length * 2);
                lines[requests.size()] = csv.lineNumber();
                requests.add(arrivalSeconds, modelId, sample, priority, targetLatencySeconds, frame);
                if (depends) dependsText.add(csv.field(TARGET_LATENCY + 2).strip());
                previousLine = csv.lineNumber();
            }
            if (requests.size() == 0) throw csv.error("no requests after the header");
            if (depends) {
                int[] line = lines;
                requests.dependencies(resolve(requests, dependsText, directory, r -> source + ":" + line[r]));
                TraceDependencies.check(Arrays.copyOf(requests.arrivalSeconds, requests.size()), requests.dependencyStart,
                        requests.dependencies, r -> source + ":" + line[r]);
            }
            return requests.build(frames);
        }
    }

    /** Resolves each {@code model:frame;...} field to request indices; returns {dependencyStart, dependencies}. */
    private static int[][] resolve(TraceBuilder requests, java.util.List<String> texts, LatencyDirectory directory,
                                   java.util.function.IntFunction<String> locate) {
        int n = requests.size();
        java.util.Map<Long, Integer> byModelFrame = new java.util.HashMap<>();
        for (int r = 0; r < n; r++) {
            Integer before = byModelFrame.put(((long) requests.modelId[r] << 32) | requests.frame[r], r);
            if (before != null) {
                throw new BadInputException(locate.apply(r) + ": frame " + requests.frame[r] + " of model '"
                        + directory.table(requests.modelId[r]).modelName() + "' is already on " + locate.apply(before));
            }
        }
        int[] start = new int[n + 1];
        int[] deps = new int[16];
        int count = 0;
        for (int r = 0; r < n; r++) {
            String text = texts.get(r);
            if (!text.isEmpty()) {
                for (String reference : text.split(";")) {
                    String ref = reference.strip();
                    int colon = ref.lastIndexOf(':');
                    if (colon <= 0) {
                        throw new BadInputException(locate.apply(r) + ": " + DEPENDS_ON_COLUMN + " entry '" + ref
                                + "' is not model:frame");
                    }
                    String modelName = ref.substring(0, colon);
                    int model = directory.modelId(modelName);
                    if (model < 0) {
                        throw new BadInputException(locate.apply(r) + ": " + DEPENDS_ON_COLUMN + " names unknown model '" + modelName + "'");
                    }
                    int frame;
                    try {
                        frame = Integer.parseInt(ref.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new BadInputException(locate.apply(r) + ": " + DEPENDS_ON_COLUMN + " entry '" + ref + "' has no integer frame");
                    }
                    Integer p = byModelFrame.get(((long) model << 32) | frame);
                    if (p == null) {
                        throw new BadInputException(locate.apply(r) + ": depends on " + ref + ", which is not in the trace");
                    }
                    if (count == deps.length) deps = Arrays.copyOf(deps, count * 2);
                    deps[count++] = p;
                }
            }
            start[r + 1] = count;
        }
        return new int[][] {start, Arrays.copyOf(deps, count)};
    }

    /** Checks the header; returns how many of the optional columns ({@code frame}, {@code depends_on}) follow the five. */
    private static int checkHeader(CsvReader csv, String[] header) {
        String[] all = CsvReader.split(PERIODIC_HEADER);
        String expected = " (the header must be " + HEADER + ", optionally followed by ," + FRAME_COLUMN + " or ,"
                + FRAME_COLUMN + "," + DEPENDS_ON_COLUMN + ")";
        for (int i = 0; i < COLUMNS.length; i++) {
            if (i >= header.length) throw csv.error("missing column '" + COLUMNS[i] + "'" + expected);
        }
        for (int i = 0; i < header.length; i++) {
            if (i >= all.length) throw csv.error("unexpected column '" + header[i] + "'" + expected);
            if (!header[i].equals(all[i])) {
                throw csv.error("column " + (i + 1) + " is '" + header[i] + "', expected '" + all[i] + "'" + expected);
            }
        }
        return header.length - COLUMNS.length;
    }

    /**
     * Writes {@code trace}, naming models as {@code directory} does. Atomic: see {@link AtomicFiles}.
     *
     * @throws IllegalArgumentException if a model id is not in {@code directory}, or a model name
     *                                  could not be read back (a comma, surrounding whitespace)
     */
    public static void write(Trace trace, LatencyDirectory directory, Path file) throws IOException {
        String[] names = new String[directory.modelCount()];
        for (int id = 0; id < names.length; id++) {
            String name = directory.table(id).modelName();
            if (name.contains(",") || !name.equals(name.strip()) || name.contains("\n") || name.contains("\r")) {
                throw new IllegalArgumentException("model name '" + name + "' cannot be written to a CSV field");
            }
            names[id] = name;
        }
        for (int i = 0; i < trace.size(); i++) {
            if (trace.modelId(i) < 0 || trace.modelId(i) >= names.length) {
                throw new IllegalArgumentException("request " + i + " has model id " + trace.modelId(i)
                        + ", the directory has " + names.length + " models");
            }
        }
        boolean frames = trace.hasFrames();
        boolean depends = trace.hasDependencies();
        if (depends && !frames) throw new IllegalArgumentException("a trace with dependencies needs frame numbers to write them");
        AtomicFiles.write(file, out -> {
            out.write(depends ? PERIODIC_HEADER : frames ? HEADER + "," + FRAME_COLUMN : HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < trace.size(); i++) {
                line.setLength(0);
                line.append(Double.toString(trace.arrivalSeconds(i))).append(',')
                        .append(names[trace.modelId(i)]).append(',')
                        .append(trace.sample(i)).append(',')
                        .append(Double.toString(trace.priority(i))).append(',')
                        .append(Double.toString(trace.targetLatencySeconds(i)));
                if (frames) line.append(',').append(trace.frame(i));
                if (depends) {
                    line.append(',');
                    for (int k = 0; k < trace.dependencyCount(i); k++) {
                        int p = trace.dependency(i, k);
                        if (k > 0) line.append(';');
                        line.append(names[trace.modelId(p)]).append(':').append(trace.frame(p));
                    }
                }
                line.append('\n');
                out.write(line.toString());
            }
        });
    }

    /** Requests collected one by one into the parallel arrays a {@link Trace} takes. */
    static final class TraceBuilder {
        private int size;
        private double[] arrivalSeconds = new double[64];
        private int[] modelId = new int[64];
        private int[] sample = new int[64];
        private double[] priority = new double[64];
        private double[] targetLatencySeconds = new double[64];
        private int[] frame = new int[64];
        private int[] dependencyStart;
        private int[] dependencies;

        int size() { return size; }
        double lastArrivalSeconds() { return arrivalSeconds[size - 1]; }

        void add(double arrival, int model, int sampleIndex, double prio, double targetLatency, int frameNumber) {
            if (size == arrivalSeconds.length) {
                int grown = size * 2;
                arrivalSeconds = Arrays.copyOf(arrivalSeconds, grown);
                modelId = Arrays.copyOf(modelId, grown);
                sample = Arrays.copyOf(sample, grown);
                priority = Arrays.copyOf(priority, grown);
                targetLatencySeconds = Arrays.copyOf(targetLatencySeconds, grown);
                frame = Arrays.copyOf(frame, grown);
            }
            frame[size] = frameNumber;
            arrivalSeconds[size] = arrival;
            modelId[size] = model;
            sample[size] = sampleIndex;
            priority[size] = prio;
            targetLatencySeconds[size] = targetLatency;
            size++;
        }

        void dependencies(int[][] startAndList) {
            dependencyStart = startAndList[0];
            dependencies = startAndList[1];
        }

        Trace build(boolean frames) {
            return new Trace(Arrays.copyOf(arrivalSeconds, size), Arrays.copyOf(modelId, size), Arrays.copyOf(sample, size),
                    Arrays.copyOf(priority, size), Arrays.copyOf(targetLatencySeconds, size),
                    frames ? Arrays.copyOf(frame, size) : null, dependencyStart, dependencies);
        }
    }
}
