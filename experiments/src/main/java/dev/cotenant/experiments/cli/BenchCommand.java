package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.bench.MoveCost;
import dev.cotenant.experiments.bench.KernelThroughput;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Kernel speed on one thread: every scheduler over the trace, repeatedly, after a warm-up. Last line: layer_steps_per_s=<number>.",
                "With --moves: what one move of the offline optimiser costs against a full re-simulation of the trace. Last line: move_ratio=<number>."})
public final class BenchCommand implements Callable<Integer> {
    /** The workload shape of the Sparse-DySta artifact's own simulator runs. */
    static final String ARTIFACT_SCHEDULERS = "fcfs,sjf,sjf-sparse,prema,planaria,sdrm3,dysta-oracle,dysta";

    @Mixin WorkloadSettings workload;
    @Mixin KernelSettings kernel;

    @Option(names = "--schedulers", defaultValue = ARTIFACT_SCHEDULERS, paramLabel = "LIST", description = "Default: the artifact's eight (${DEFAULT-VALUE}).")
    String schedulers;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "SECONDS", description = "Warm-up time (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "SECONDS", description = "Measured time (default: ${DEFAULT-VALUE}).")
    double measureSeconds;

    @Option(names = "--moves", description = "Time the optimiser's local-search moves (seeded swaps, changes and sub-list moves in the "
            + "busy periods it searches, as a hill climb) against re-simulating the whole trace, interleaved in short rounds; "
            + "prints the median ratio over rounds.")
    boolean moves;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(warmupSeconds >= 0) || !(measureSeconds > 0)) {
            throw dev.cotenant.simulator.BadInputException.at("--seconds", "warm-up must be >= 0 and measured time > 0");
        }
        WorkloadSettings.Workload w = workload.load();
        if (moves) return moves(w);
        KernelThroughput bench = new KernelThroughput(w.compiled(), dev.cotenant.experiments.spec.PolicySources.parse("--schedulers", schedulers, null, null).stream()
                .map(dev.cotenant.experiments.spec.PolicySpec::policy).toList(), kernel.toKernelOptions(w.drop()));
        long stepsPerRound = bench.round();
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(java.util.Locale.ROOT, "workload: %d requests, %d layer steps per round of %s; %s%n", w.trace().size(), stepsPerRound,
                schedulers, w.provenance());
        spec.commandLine().getErr().printf(java.util.Locale.ROOT, "warming up %.0f s, measuring %.0f s on one thread...%n", warmupSeconds, measureSeconds);
        KernelThroughput.Result result = bench.measure(warmupSeconds, measureSeconds, null);
        stdout.printf(java.util.Locale.ROOT, "rounds=%d layer_steps=%d seconds=%.3f%n", result.rounds(), result.layerSteps(), result.nanos() / 1e9);
        stdout.printf(java.util.Locale.ROOT, "layer_steps_per_s=%.0f%n", result.layerStepsPerSecond());
        return 0;
    }

    private int moves(WorkloadSettings.Workload w) {
        KernelOptions options = kernel.toKernelOptions();
        if (options.artifactClock() || options.switchCostSeconds() != 0) {
            throw dev.cotenant.simulator.BadInputException.at("--moves", "the optimiser needs the physical clock and no switch cost");
        }
        if (BusyPeriods.of(w.compiled(), options).largestSize() < 2) {
            throw dev.cotenant.simulator.BadInputException.at("--moves", "no two requests of this trace ever wait together, so there is no move "
                    + "to time; raise --rate or --requests");
        }
        MoveCost cost = new MoveCost(w.compiled(), 1);
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(java.util.Locale.ROOT, "workload: %s; %s%n", cost.describe(), w.provenance());
        spec.commandLine().getErr().printf(java.util.Locale.ROOT, "warming up %.1f s, measuring %.1f s on one thread (full re-simulation, whole-period and trajectory moves, alternating)...%n",
                warmupSeconds, measureSeconds);
        MoveCost.Result r = cost.measure(warmupSeconds, measureSeconds, 100);
        stdout.printf(java.util.Locale.ROOT, "rounds=%d full_resimulation_us=%.1f whole_period_move_us=%.2f trajectory_move_us=%.2f trajectory_simulated=%.1f%%%n",
                r.rounds(), r.fullMicros(), r.wholePeriodMicros(), r.trajectoryMicros(), 100 * r.simulatedFraction());
        stdout.printf(java.util.Locale.ROOT, "whole_period_ratio=%.1f%n", r.ratioWholePeriod());
        stdout.printf(java.util.Locale.ROOT, "move_ratio=%.1f%n", r.ratioTrajectory());
        return 0;
    }
}
