package dev.cotenant.search.optimal;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random small instances: three models of 4-6 layers, 20-150 ms per request, a fixed seed each (shared by the optimiser's and the certifier's tests). */
public final class Instances {
    public static final LatencyDirectory DIRECTORY = directory();
    public static final CompiledWorkload WORKLOAD = new CompiledWorkload(DIRECTORY);

    private Instances() {}

    private static LatencyDirectory directory() {
        SplittableRandom random = new SplittableRandom(2024);
        List<LatencyTable> tables = new ArrayList<>();
        String[] names = {"cnna_x", "cnnb_y", "bert_z"};
        int[] layers = {4, 6, 5};
        double[] scale = {0.006, 0.01, 0.025};
        for (int m = 0; m < names.length; m++) {
            int samples = 6;
            double[] lat = new double[layers[m] * samples], sp = new double[layers[m] * samples];
            for (int i = 0; i < lat.length; i++) {
                sp[i] = random.nextDouble(0.1, 0.8);
                lat[i] = scale[m] * (1 - sp[i]) * random.nextDouble(0.5, 1.5);
            }
            tables.add(new LatencyTable(names[m], LatencyTable.Layout.EYERISS_V2, samples, layers[m], lat, sp));
        }
        return new LatencyDirectory(tables);
    }

    /**
     * {@code requests} Poisson arrivals at a load near 1 (about 45 ms of work per request, 20 per
     * second) with tight targets (2 to 4 times the mean isolated latency), so requests compete and
     * some deadlines are lost: instances where the order matters.
     */
    public static CompiledTrace small(long seed, int requests) {
        return trace(seed, requests, 20, 2);
    }

    /** {@code requests} Poisson arrivals at {@code ratePerSecond}, targets {@code sloLow} to {@code sloLow + 2} times the mean isolated latency. */
    public static CompiledTrace trace(long seed, int requests, double ratePerSecond, double sloLow) {
        double slo = sloLow + 2 * new SplittableRandom(seed).nextDouble();
        return new CompiledTrace(WORKLOAD, PoissonTraceGenerator.generate(DIRECTORY, requests, ratePerSecond, slo, seed));
    }

    /** Steps {@code a} to its next permutation in lexicographic order; false after the last. */
    public static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.length - 1;
        while (a[j] <= a[i]) j--;
        int t = a[i]; a[i] = a[j]; a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) { t = a[l]; a[l] = a[r]; a[r] = t; }
        return true;
    }
}
