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
 * Trace files: header exactly {@value #HEADER}, then one request per line, sorted by arrival.
 * Model names are resolved against a {@link LatencyDirectory}; numbers are written in full
 * precision, so writing and reading back gives the same trace.
 */
public final class TraceCsv {
    public static final String HEADER = "arrival_s,model,sample,priority,target_latency_s";
    private static final String[] COLUMNS = CsvReader.split(HEADER);
    private static final int ARRIVAL = 0;
    private static final int MODEL = 1;
    private static final int SAMPLE = 2;
    private static final int PRIORITY = 3;
    private static final int TARGET_LATENCY = 4;

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
            checkHeader(csv, csv.readHeader());
            TraceBuilder requests = new TraceBuilder();
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
                requests.add(arrivalSeconds, modelId, sample, priority, targetLatencySeconds);
                previousLine = csv.lineNumber();
            }
            if (requests.size() == 0) throw csv.error("no requests after the header");
            return requests.build();
        }
    }

    private static void checkHeader(CsvReader csv, String[] header) {
        for (int i = 0; i < COLUMNS.length; i++) {
            if (i >= header.length) throw csv.error("missing column '" + COLUMNS[i] + "' (the header must be exactly " + HEADER + ")");
            if (!header[i].equals(COLUMNS[i])) {
                throw csv.error("column " + (i + 1) + " is '" + header[i] + "', expected '" + COLUMNS[i]
                        + "' (the header must be exactly " + HEADER + ")");
            }
        }
        if (header.length > COLUMNS.length) {
            throw csv.error("unexpected column '" + header[COLUMNS.length] + "' (the header must be exactly " + HEADER + ")");
        }
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
        AtomicFiles.write(file, out -> {
            out.write(HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < trace.size(); i++) {
                line.setLength(0);
                line.append(Double.toString(trace.arrivalSeconds(i))).append(',')
                        .append(names[trace.modelId(i)]).append(',')
                        .append(trace.sample(i)).append(',')
                        .append(Double.toString(trace.priority(i))).append(',')
                        .append(Double.toString(trace.targetLatencySeconds(i))).append('\n');
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

        int size() { return size; }
        double lastArrivalSeconds() { return arrivalSeconds[size - 1]; }

        void add(double arrival, int model, int sampleIndex, double prio, double targetLatency) {
            if (size == arrivalSeconds.length) {
                int grown = size * 2;
                arrivalSeconds = Arrays.copyOf(arrivalSeconds, grown);
                modelId = Arrays.copyOf(modelId, grown);
                sample = Arrays.copyOf(sample, grown);
                priority = Arrays.copyOf(priority, grown);
                targetLatencySeconds = Arrays.copyOf(targetLatencySeconds, grown);
            }
            arrivalSeconds[size] = arrival;
            modelId[size] = model;
            sample[size] = sampleIndex;
            priority[size] = prio;
            targetLatencySeconds[size] = targetLatency;
            size++;
        }

        Trace build() {
            return new Trace(Arrays.copyOf(arrivalSeconds, size), Arrays.copyOf(modelId, size), Arrays.copyOf(sample, size),
                    Arrays.copyOf(priority, size), Arrays.copyOf(targetLatencySeconds, size));
        }
    }
}
