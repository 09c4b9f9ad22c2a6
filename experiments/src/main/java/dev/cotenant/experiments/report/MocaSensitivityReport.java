package dev.cotenant.experiments.report;

import dev.cotenant.simulator.moca.*;

import java.io.PrintStream;
import java.util.List;

/**
 * How much MoCA's regulation buys (moca against moca-no-throttle and static-partition, physical
 * runtime, the artifact's nine traces) as the DRAM the channels sustain under concurrency shrinks
 * ({@link MocaWork.Calibration#concurrentDramEfficiency}) and as the budget moves, with the static
 * baseline's contention slowdown (run time over the configured 2-tile isolated time) for comparison
 * with FireSim's. Prints markdown; docs/moca.md quotes it. Run:
 * {@code java -cp simulator/target/classes dev.cotenant.simulator.moca.MocaSensitivityReport [efficiency...]}.
 */
public final class MocaSensitivityReport {
    private static final String[] POLICIES = {"moca", "moca-no-throttle", "static-partition"};
    private static final double[] BUDGETS = {150, 196, 250};

    private MocaSensitivityReport() {}

    public static void main(String[] args) {
        double[] efficiencies = args.length == 0 ? new double[]{1.0, 0.9, 0.8, 0.71, 0.6, 0.5} : new double[args.length];
        for (int i = 0; i < args.length; i++) efficiencies[i] = Double.parseDouble(args[i]);
        print(efficiencies, System.out);
        System.out.println();
        printKnobs(System.out);
    }

    /** At the default calibration, budget 150: one knob at a time (floor, weighting, minLoopTiles), sets B and C. */
    static void printKnobs(PrintStream out) {
        out.println("| knob | set | SLA moca | moca - no-throttle | SLA 0-2 / 3-8 / 9-11 moca | SLA 0-2 / 3-8 / 9-11 no-throttle | STP moca / no-throttle |");
        out.println("|---|---|---|---|---|---|---|");
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome outcome = new MocaOutcome();
        String[] labels = {"published (floor 25, intended weighting)", "weighting as written", "floor 10", "floor 50",
                "minLoopTiles 16", "budget 196 (the model's DRAM peak)", "budget 250", "cut split over co-runners (not MoCA's rule)",
                "cut split, weighting as written"};
        for (int v = 0; v < labels.length; v++) {
            for (MocaSet set : new MocaSet[]{MocaSet.B, MocaSet.C}) {
                List<String> scenarios = MocaTraces.scenarioNames().stream().filter(s -> MocaTraces.setOf(s) == set).toList();
                double[][] m = new double[2][5];
                for (String scenario : scenarios) {
                    MocaTrace trace = MocaTraces.scenario(scenario);
                    for (int p = 0; p < 2; p++) {
                        double[] params = MocaPolicies.defaults(POLICIES[p]);
                        runtime.sensitivityVariant(null, false);
                        if (p == 0) {
                            switch (v) {
                                case 1 -> runtime.sensitivityVariant(true, false);
                                case 2 -> params[Regulation.FLOOR] = 10;
                                case 3 -> params[Regulation.FLOOR] = 50;
                                case 4 -> params[Regulation.MIN_LOOP_TILES] = 16;
                                case 5 -> params[Regulation.BUDGET] = 196;
                                case 6 -> params[Regulation.BUDGET] = 250;
                                case 7 -> runtime.sensitivityVariant(null, true);
                                case 8 -> runtime.sensitivityVariant(true, true);
                                default -> { }
                            }
                        }
                        runtime.run(POLICIES[p], params, trace, false, outcome);
                        MocaMetrics x = MocaMetrics.of(trace, outcome);
                        double[] row = {x.sla(), x.slaLowPriority(), x.slaMidPriority(), x.slaHighPriority(), x.stpCorrected()};
                        for (int i = 0; i < row.length; i++) m[p][i] += row[i] / scenarios.size();
                    }
                }
                runtime.sensitivityVariant(null, false);
                out.printf(java.util.Locale.ROOT, "| %s | %s | %.3f | %+.3f | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f | %.2f / %.2f |%n", labels[v], set.name(),
                        m[0][0], m[0][0] - m[1][0], m[0][1], m[0][2], m[0][3], m[1][1], m[1][2], m[1][3], m[0][4], m[1][4]);
            }
        }
    }

    static void print(double[] efficiencies, PrintStream out) {
        out.println("| efficiency | set | budget | SLA moca | SLA no-throttle | SLA static | moca - no-throttle | SLA 9-11 moca / no-throttle | STP moca / no-throttle | static run time / isolated | static AlexNet / ResNet-50 run time / isolated |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (double e : efficiencies) {
            MocaRuntime runtime = new MocaRuntime(new MocaWork(MocaWork.Calibration.DEFAULT.withConcurrentDramEfficiency(e)));
            MocaOutcome outcome = new MocaOutcome();
            for (MocaSet set : MocaSet.values()) {
                List<String> scenarios = MocaTraces.scenarioNames().stream().filter(s -> MocaTraces.setOf(s) == set).toList();
                for (double budget : BUDGETS) {
                    double[] sla = new double[3], high = new double[3], stp = new double[3];
                    double busy = 0, isolated = 0;
                    double[] netBusy = new double[MocaNetwork.values().length], netIsolated = new double[MocaNetwork.values().length];
                    for (String scenario : scenarios) {
                        MocaTrace trace = MocaTraces.scenario(scenario);
                        for (int p = 0; p < POLICIES.length; p++) {
                            double[] params = MocaPolicies.defaults(POLICIES[p]);
                            if (p == 0) params[Regulation.BUDGET] = budget;
                            runtime.run(POLICIES[p], params, trace, false, outcome);
                            MocaMetrics m = MocaMetrics.of(trace, outcome);
                            sla[p] += m.sla() / scenarios.size();
                            high[p] += m.slaHighPriority() / scenarios.size();
                            stp[p] += m.stpCorrected() / scenarios.size();
                            if (p == 2) {
                                for (int r = 0; r < trace.size(); r++) {
                                    double run = outcome.finishCycles(r) - outcome.startCycles(r);
                                    double iso = trace.networkOf(r).spCycles2TilesCorrected();
                                    busy += run;
                                    isolated += iso;
                                    netBusy[trace.network(r)] += run;
                                    netIsolated[trace.network(r)] += iso;
                                }
                            }
                        }
                    }
                    int alex = MocaNetwork.valueOf("ALEXNET").ordinal(), resnet = MocaNetwork.valueOf("RESNET50").ordinal();
                    String perNet = netIsolated[alex] > 0
                            ? String.format(java.util.Locale.ROOT, "%.2f / %.2f", netBusy[alex] / netIsolated[alex], netBusy[resnet] / netIsolated[resnet]) : "-";
                    out.printf(java.util.Locale.ROOT, "| %.2f | %s | %.0f | %.3f | %.3f | %.3f | %+.3f | %.3f / %.3f | %.2f / %.2f | %.2f | %s |%n",
                            e, set.name(), budget, sla[0], sla[1], sla[2], sla[0] - sla[1], high[0], high[1], stp[0], stp[1],
                            busy / isolated, perNet);
                }
            }
        }
    }
}
