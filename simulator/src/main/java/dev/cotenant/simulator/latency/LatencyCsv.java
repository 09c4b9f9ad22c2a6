package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.csv.CsvReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Latency tables in the CSV layouts of the Sparse-DySta benchmark, one file per model (the file's
 * name without {@code .csv} is the model name). The layout is told by the header:
 * <ul>
 *   <li><b>EyerissV2</b> (a {@code sim_lat} column): {@code batch-indx} (sample),
 *       {@code layer-indx}, {@code overall-sparsity} (activation sparsity in [0, 1)) and
 *       {@code sim_lat} (latency in seconds);</li>
 *   <li><b>Sanger</b> (a {@code 50%-skip} column): {@code batch-indx}, {@code layer-indx},
 *       {@code overall-sparsity}, which here holds the density {@code d} in (0, 1], and
 *       {@code 50%-skip}, the load balance {@code lb > 0}; the latency is
 *       {@link SangerLatencyModel#layerLatencySeconds} and the stored sparsity {@code 1 - d}.</li>
 * </ul>
 * Columns may come in any order and extra columns (such as pandas' unnamed index) are ignored.
 * Rows may come in any order, but every (sample, layer) pair of {@code 0..B-1 x 0..L-1} must
 * appear exactly once.
 */
public final class LatencyCsv {
    /** Header written by {@link #write}. */
    public static final String EYERISS_V2_HEADER = "batch-indx,layer-indx,overall-sparsity,sim_lat";

    private static final String SAMPLE = "batch-indx";
    private static final String LAYER = "layer-indx";
    private static final String SPARSITY = "overall-sparsity";
    private static final String LATENCY = "sim_lat";
    private static final String LOAD_BALANCE = "50%-skip";
    private static final String SUFFIX = ".csv";

    /** A model name a CSV field can carry as is: no comma, quote, space or control character, not empty. */
    private static final java.util.regex.Pattern MODEL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.+-]+");

    private LatencyCsv() {}

    /** The model name of a table file: its name without the {@code .csv} suffix. */
    public static String modelName(String fileName) {
        return fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length()) : fileName;
    }

    /** Reads one table file; its model name is the file's stem. */
    public static LatencyTable read(Path file, int sangerSequenceLength) {
        Reader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "cannot read: " + e);
        }
        return read(reader, file.toString(), modelName(file.getFileName().toString()), sangerSequenceLength);
    }

    /**
     * Reads one table from {@code reader} (closed afterwards).
     *
     * @param source               how the input is named in error messages
     * @param sangerSequenceLength sequence length {@code S} for the Sanger layout's latency model
     */
    public static LatencyTable read(Reader reader, String source, String modelName, int sangerSequenceLength) {
        try (CsvReader csv = new CsvReader(reader, source)) {
            csv.readHeader();
            boolean eyeriss = csv.columnIndex(LATENCY) >= 0;
            if (!eyeriss && csv.columnIndex(LOAD_BALANCE) < 0) {
                throw csv.error("missing column '" + LATENCY + "' (EyerissV2 layout) or '" + LOAD_BALANCE
                        + "' (Sanger layout): cannot tell the layout");
            }
            int sampleColumn = csv.requireColumn(SAMPLE);
            int layerColumn = csv.requireColumn(LAYER);
            int sparsityColumn = csv.requireColumn(SPARSITY);
            int valueColumn = csv.requireColumn(eyeriss ? LATENCY : LOAD_BALANCE);
            SangerLatencyModel sanger = eyeriss ? null : new SangerLatencyModel(sangerSequenceLength);

            Rows rows = new Rows();
            // Line of each (sample, layer) pair seen so far, to name both lines of a duplicate.
            Map<Long, Integer> lineByCell = new HashMap<>();
            while (csv.next()) {
                int sample = csv.intField(sampleColumn);
                int layer = csv.intField(layerColumn);
                if (sample < 0) throw csv.error(SAMPLE + " is " + sample + ", must be >= 0");
                if (layer < 0) throw csv.error(LAYER + " is " + layer + ", must be >= 0");
                double latencySeconds;
                double sparsity;
                if (eyeriss) {
                    sparsity = csv.doubleField(sparsityColumn);
                    latencySeconds = csv.doubleField(valueColumn);
                    if (!(sparsity >= 0 && sparsity < 1)) {
                        throw csv.error(SPARSITY + " is " + sparsity + ", must be in [0, 1)");
                    }
                    if (!(latencySeconds >= 0) || Double.isInfinite(latencySeconds)) {
                        throw csv.error(LATENCY + " is " + latencySeconds + ", must be finite and >= 0");
                    }
                } else {
                    double density = csv.doubleField(sparsityColumn);
                    double loadBalance = csv.doubleField(valueColumn);
                    if (!(density > 0 && density <= 1)) {
                        throw csv.error(SPARSITY + " (the density in the Sanger layout) is " + density + ", must be in (0, 1]");
                    }
                    if (!(loadBalance > 0) || Double.isInfinite(loadBalance)) {
                        throw csv.error(LOAD_BALANCE + " (the load balance) is " + loadBalance + ", must be finite and > 0");
                    }
                    sparsity = 1 - density;
                    if (sparsity >= 1) throw csv.error(SPARSITY + " (the density) is " + density + ", too small: 1 - density rounds to 1");
                    latencySeconds = sanger.layerLatencySeconds(density, loadBalance);
                    if (Double.isInfinite(latencySeconds)) {
                        throw csv.error("density " + density + " and load balance " + loadBalance + " give an infinite latency");
                    }
                }
                Integer firstLine = lineByCell.putIfAbsent(cellKey(sample, layer), csv.lineNumber());
                if (firstLine != null) {
                    throw csv.error("sample " + sample + " layer " + layer + " appears again (first on line " + firstLine + ")");
                }
                rows.add(sample, layer, latencySeconds, sparsity);
            }
            if (rows.count == 0) throw csv.error("no data rows after the header");
            return rows.toTable(modelName, eyeriss ? LatencyTable.Layout.EYERISS_V2 : LatencyTable.Layout.SANGER,
                    source, lineByCell);
        }
    }

    private static long cellKey(int sample, int layer) {
        return (long) sample << 32 | layer;
    }

    /** Parsed rows in file order, growing as needed. */
    private static final class Rows {
        int count;
        int[] sample = new int[64];
        int[] layer = new int[64];
        double[] latencySeconds = new double[64];
        double[] sparsity = new double[64];
        int maxSample = -1;
        int maxLayer = -1;

        void add(int b, int l, double lat, double sp) {
            if (count == sample.length) {
                int grown = count * 2;
                sample = Arrays.copyOf(sample, grown);
                layer = Arrays.copyOf(layer, grown);
                latencySeconds = Arrays.copyOf(latencySeconds, grown);
                sparsity = Arrays.copyOf(sparsity, grown);
            }
            sample[count] = b;
            layer[count] = l;
            latencySeconds[count] = lat;
            sparsity[count] = sp;
            count++;
            maxSample = Math.max(maxSample, b);
            maxLayer = Math.max(maxLayer, l);
        }

        /** Rows are distinct, so they fill the B x L grid exactly when there are B * L of them. */
        LatencyTable toTable(String modelName, LatencyTable.Layout layout, String source, Map<Long, Integer> lineByCell) {
            // long: an index of Integer.MAX_VALUE must not wrap the grid size around.
            long samples = maxSample + 1L;
            long layers = maxLayer + 1L;
            if (samples * layers != count) {
                // Scan in (sample, layer) order: all pairs before the first gap are present, so this stops within count + 1 steps.
                for (int b = 0; b <= maxSample; b++) {
                    for (int l = 0; l <= maxLayer; l++) {
                        if (!lineByCell.containsKey(cellKey(b, l))) {
                            throw BadInputException.at(source, "no row for sample " + b + " layer " + l + " (rows name samples 0.."
                                    + maxSample + " and layers 0.." + maxLayer + "; every pair must appear once)");
                        }
                    }
                }
            }
            // The grid is complete, so samples * layers == count fits an int.
            int layerCount = (int) layers;
            double[] lat = new double[count];
            double[] sp = new double[count];
            for (int i = 0; i < count; i++) {
                lat[sample[i] * layerCount + layer[i]] = latencySeconds[i];
                sp[sample[i] * layerCount + layer[i]] = sparsity[i];
            }
            // Normalised turnaround divides by a sample's isolated latency: it must be a positive finite number.
            for (int b = 0; b < samples; b++) {
                double total = 0;
                for (int l = 0; l < layerCount; l++) total += lat[b * layerCount + l];
                if (total == 0) {
                    throw BadInputException.at(source, "sample " + b + " has total latency 0 (all its layers are 0 s), so its "
                            + "normalised turnaround is undefined; every sample needs a layer that takes time");
                }
                if (Double.isInfinite(total)) {
                    throw BadInputException.at(source, "sample " + b + "'s layer latencies sum beyond the largest double (" + Double.MAX_VALUE
                            + " s); use seconds of a sane magnitude");
                }
            }
            return new LatencyTable(modelName, layout, (int) samples, layerCount, lat, sp);
        }
    }

    /**
     * Writes {@code table} in the EyerissV2 layout, sample by sample, with every double in full
     * precision so reading the file back gives the same table. Atomic: see {@link AtomicFiles}.
     *
     * @throws IllegalArgumentException for a Sanger table: read back it would become a CNN table
     *                                  and be averaged with its architecture's peers
     */
    public static void write(LatencyTable table, Path file) throws IOException {
        if (table.layout() != LatencyTable.Layout.EYERISS_V2) {
            throw new IllegalArgumentException(table.modelName() + ": only EyerissV2 tables can be written, this one is "
                    + table.layout());
        }
        AtomicFiles.write(file, out -> {
            out.write(EYERISS_V2_HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(64);
            for (int b = 0; b < table.sampleCount(); b++) {
                for (int l = 0; l < table.layerCount(); l++) {
                    line.setLength(0);
                    line.append(b).append(',').append(l).append(',')
                            .append(Double.toString(table.sparsity(b, l))).append(',')
                            .append(Double.toString(table.latencySeconds(b, l))).append('\n');
                    out.write(line.toString());
                }
            }
        });
    }

    /** Loads every {@code *.csv} file of {@code dir}, in name order, as one directory. */
    public static LatencyDirectory loadDirectory(Path dir, int sangerSequenceLength) {
        if (!Files.isDirectory(dir)) {
            throw BadInputException.at(dir.toString(), Files.exists(dir) ? "is not a directory" : "no such directory");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw BadInputException.at(dir.toString(), "cannot list: " + e);
        }
        if (files.isEmpty()) throw BadInputException.at(dir.toString(), "contains no *.csv latency tables");
        List<LatencyTable> tables = new ArrayList<>();
        for (Path file : files) {
            String model = modelName(file.getFileName().toString());
            if (!MODEL_NAME.matcher(model).matches()) {
                throw BadInputException.at(file.toString(), "its model name '" + model.replace("\n", "\\n") + "' (the file name without .csv) "
                        + "must be letters, digits and . _ + - (traces and result CSVs name models by it); rename the file");
            }
            tables.add(read(file, sangerSequenceLength));
        }
        return new LatencyDirectory(tables);
    }

    /**
     * Loads the named table files from class-path resources under {@code resourceFolder} (for a
     * latency directory shipped inside a jar). Errors name the input {@code classpath:folder/file}.
     */
    public static LatencyDirectory loadResources(ClassLoader loader, String resourceFolder, List<String> fileNames,
                                                 int sangerSequenceLength) {
        String folder = resourceFolder.replaceAll("^/+|/+$", "");
        if (fileNames.isEmpty()) throw BadInputException.at("classpath:" + folder, "no latency table files named");
        List<LatencyTable> tables = new ArrayList<>();
        for (String name : fileNames) {
            String path = folder.isEmpty() ? name : folder + "/" + name;
            InputStream in = loader.getResourceAsStream(path);
            if (in == null) throw BadInputException.at("classpath:" + path, "no such resource");
            tables.add(read(new InputStreamReader(in, StandardCharsets.UTF_8), "classpath:" + path, modelName(name),
                    sangerSequenceLength));
        }
        return new LatencyDirectory(tables);
    }
}
