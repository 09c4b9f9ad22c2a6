package dev.cotenant.models;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native thread pools (its OpenMP loops and OpenBLAS), set by the program: the equivalent
 * of {@code OMP_NUM_THREADS}, so users need not know about it. The networks here are small, and
 * extra native threads mostly spin-wait for each other; on 2 shared cores one thread trained
 * digitscnn 3-5x faster than the default (7 s instead of 19-39 s per epoch with the machine busy).
 */
public final class NativeThreads {
    /** What the commands use unless told otherwise. */
    public static final int DEFAULT = 1;

    private NativeThreads() {}

    public static void use(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
