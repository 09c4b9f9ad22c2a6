package dev.cotenant.simulator.moca;

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
        double[] efficiencies = args.length == 0 ? new double[]{1.0, 0.9, 0.8, 0.7, 0.6, 0.5} : new double[args.length];
        for (int i = 0; i < args.length; i++) efficiencies[i] = Double.parseDouble(args[i]);
        print(efficiencies, System.out);
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
                            ? String.format("%.2f / %.2f", netBusy[alex] / netIsolated[alex], netBusy[resnet] / netIsolated[resnet]) : "-";
                    out.printf("| %.2f | %s | %.0f | %.3f | %.3f | %.3f | %+.3f | %.3f / %.3f | %.2f / %.2f | %.2f | %s |%n",
                            e, set.name(), budget, sla[0], sla[1], sla[2], sla[0] - sla[1], high[0], high[1], stp[0], stp[1],
                            busy / isolated, perNet);
                }
            }
        }
    }
}
