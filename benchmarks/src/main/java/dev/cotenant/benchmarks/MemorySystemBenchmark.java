package dev.cotenant.benchmarks;

import dev.cotenant.simulator.moca.MemorySystem;
import dev.cotenant.simulator.moca.MocaNetwork;
import dev.cotenant.simulator.moca.MocaWork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One call of MoCA's memory-system fixed point ({@link MemorySystem#progressRates}), the work the
 * MoCA runtime does at every event, for 1, 2, 4 and 8 co-running slices: a cycle of real layers
 * (AlexNet FC, ResNet's last block, YOLOv2, KWS, GoogLeNet...) on 2 tiles, one of them capped, so
 * the solver meets DRAM contention. Each invocation advances to the next set of layers.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MemorySystemBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemorySystemBenchmark {
    @Param({"1", "2", "4", "8"})
    int slices;

    private MemorySystem memory;
    private int[][] network;
    private int[][] layer;
    private int[] tiles;
    private double[] cap;
    private double[] out;
    private int next;

    @Setup
    public void setUp() {
        MocaWork work = MocaWork.standard();
        memory = new MemorySystem(work);
        int sets = 64;
        network = new int[sets][slices];
        layer = new int[sets][slices];
        int[] nets = {MocaNetwork.ALEXNET.ordinal(), MocaNetwork.RESNET50.ordinal(), MocaNetwork.YOLOV2.ordinal(),
                MocaNetwork.KWSNET.ordinal(), MocaNetwork.GOOGLENET.ordinal(), MocaNetwork.SQUEEZENET.ordinal(),
                MocaNetwork.YOLOLITE.ordinal()};
        for (int s = 0; s < sets; s++) {
            for (int i = 0; i < slices; i++) {
                int n = nets[(s + i) % nets.length];
                network[s][i] = n;
                layer[s][i] = (s * 7 + i * 3) % work.layerCount(n);
            }
        }
        tiles = new int[slices];
        java.util.Arrays.fill(tiles, 2);
        cap = new double[slices];
        java.util.Arrays.fill(cap, Double.POSITIVE_INFINITY);
        cap[0] = 0.3;
        out = new double[slices];
    }

    @Benchmark
    public double progressRates() {
        int s = next;
        next = (s + 1) & 63;
        memory.progressRates(slices, network[s], layer[s], tiles, cap, out);
        return out[0];
    }
}
