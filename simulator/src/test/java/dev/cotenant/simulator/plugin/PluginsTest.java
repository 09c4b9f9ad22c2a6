package dev.cotenant.simulator.plugin;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.BatchEvaluator;
import dev.cotenant.simulator.evaluate.BatchEvaluatorTest;
import dev.cotenant.simulator.evaluate.MetricMatrix;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Plug-ins as a user writes them: compiled into their own jar, loaded by {@link Plugins}. Each
 * plug-in here gets a name of its own, since the registries are process-wide.
 */
class PluginsTest {
    @TempDir
    Path tmp;

    /** Shortest static remaining estimate first, as the built-in {@code sjf} (ties: the first admitted). */
    static final String SJF_PICK = """
            int best = 0; double bestRemaining = Double.POSITIVE_INFINITY;
            for (int p = 0, n = s.admittedCount(); p < n; p++) {
                double remaining = s.gamma(s.requestAt(p)) * s.estRemainingSeconds(s.requestAt(p));
                if (remaining < bestRemaining) { bestRemaining = remaining; best = p; }
            }
            return best;""";

    private Path jar(String jarName, String className, String name, String space, String pickBody) {
        return PlugInJars.build(tmp, jarName, Map.of(className, PlugInJars.scheduler(className, name, space, pickBody)),
                Map.of(PlugInJars.SERVICE, List.of(className)));
    }

    static List<CompiledTrace> traces() {
        LatencyDirectory dir = BatchEvaluatorTest.directory(5);
        CompiledWorkload workload = new CompiledWorkload(dir);
        return List.of(new CompiledTrace(workload, PoissonTraceGenerator.generate(dir, 200, 40, 3, 1)),
                new CompiledTrace(workload, PoissonTraceGenerator.generate(dir, 200, 60, 3, 2)));
    }

    @Test
    void aPlugInSchedulerRunsTheSameScheduleAsTheBuiltInRuleItRestates() {
        Path jar = jar("sjf-again", "SjfAgain", "sjf-again", "ParameterSpace.EMPTY", SJF_PICK);
        List<Plugins.Loaded> loaded = Plugins.load(jar);
        assertEquals(List.of("sjf-again"), loaded.stream().map(Plugins.Loaded::name).toList());
        assertTrue(Schedulers.plugInNames().contains("sjf-again"));
        assertFalse(Schedulers.names().contains("sjf-again"), "plug-ins are not part of 'all'");
        MetricMatrix m;
        try (BatchEvaluator e = new BatchEvaluator(traces(), KernelOptions.PUBLISHED, 2)) {
            m = e.evaluate(List.of(Policy.published("sjf"), Policy.published("sjf-again")));
        }
        for (int t = 0; t < 2; t++) {
            for (Metric metric : Metric.values()) {
                assertEquals(m.get(0, t, metric), m.get(1, t, metric), 0.0, metric + " on trace " + t);
            }
        }
        assertTrue(m.get(0, 1, Metric.VIOLATION_RATE) > 0, "a trace where the order matters");
        assertEquals(0, Plugins.load(jar).size(), "a jar is loaded once");
    }

    @Test
    void aPlugInThatThrowsStopsTheRunWithOneLineNamingItAndTheDecision() {
        Plugins.load(jar("thrower", "Thrower", "thrower", "ParameterSpace.EMPTY",
                "if (s.admittedCount() > 1) throw new ArithmeticException(\"/ by zero\"); return 0;"));
        BadInputException e = assertThrows(BadInputException.class, () -> run("thrower"));
        assertTrue(e.getMessage().startsWith("thrower.jar: plug-in scheduler 'thrower': scheduler 'thrower' threw ArithmeticException (/ by zero) at decision "),
                e.getMessage());
        assertTrue(e.getMessage().contains("admitted)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aPickOutsideTheAdmittedRequestsIsRefused() {
        Plugins.load(jar("off-by-one", "OffByOne", "off-by-one", "ParameterSpace.EMPTY", "return s.admittedCount();"));
        BadInputException e = assertThrows(BadInputException.class, () -> run("off-by-one"));
        assertTrue(e.getMessage().contains("scheduler 'off-by-one' picked position 1 at decision 0 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("only positions 0..0 are admitted requests"), e.getMessage());
    }

    @Test
    void anInvalidParameterSpaceOrABadNameOrAClashIsRefusedAtLoad() {
        BadInputException space = assertThrows(BadInputException.class, () -> Plugins.load(jar("bad-space", "BadSpace", "bad-space",
                "ParameterSpace.of(new Parameter(\"k\", 5, 0, 1, Parameter.Scale.LINEAR, \"k\"))", "return 0;")));
        assertTrue(space.getMessage().contains("plug-in scheduler 'bad-space': space() failed: IllegalArgumentException (k: default 5.0 outside [0.0, 1.0])"),
                space.getMessage());
        BadInputException clash = assertThrows(BadInputException.class, () -> Plugins.load(jar("clash", "Clash", "dysta", "ParameterSpace.EMPTY", "return 0;")));
        assertTrue(clash.getMessage().startsWith("dysta: a scheduler of that name already exists"), clash.getMessage());
        BadInputException name = assertThrows(BadInputException.class, () -> Plugins.load(jar("caps", "Caps", "My Scheduler", "ParameterSpace.EMPTY", "return 0;")));
        assertTrue(name.getMessage().contains("name 'My Scheduler' is not lower case"), name.getMessage());
        BadInputException missing = assertThrows(BadInputException.class, () -> Plugins.load(tmp.resolve("nothing.jar")));
        assertEquals(tmp.resolve("nothing.jar") + ": no such plug-in jar or folder", missing.getMessage());
    }

    /** Set, the spinner plug-in's pick returns. */
    private static final String SPINNER_STOP = "cotenant.test.spinnerStop";

    @Test
    void aPickThatNeverReturnsIsReportedByTheWatchdog() throws Exception {
        // The plug-in spins until a system property says stop, so the test can end it after the report. Not until
        // interrupted: it spins on the evaluator's pool thread, which nothing interrupts (ForkJoinTask.join ignores an
        // interrupt of the thread waiting on it), so it spun on, a core lost to the rest of the suite, and the join
        // below waited its whole 5 s.
        Plugins.load(jar("spinner", "Spinner", "spinner", "ParameterSpace.EMPTY",
                "if (s.admittedCount() > 1) while (System.getProperty(\"" + SPINNER_STOP + "\") == null) Thread.onSpinWait(); return 0;"));
        AtomicReference<String> report = new AtomicReference<>();
        String before = System.getProperty("cotenant.plugin.decisionSeconds");
        System.setProperty("cotenant.plugin.decisionSeconds", "0.3");
        DecisionWatchdog.onStuck(report::set);
        Thread runner = new Thread(() -> {
            try {
                run("spinner");
            } catch (RuntimeException ignored) {
                // what matters is the report and that the run ends
            }
        });
        try {
            runner.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (report.get() == null && System.nanoTime() < deadline) Thread.sleep(50);
            System.setProperty(SPINNER_STOP, "true");
            runner.join(5_000);
        } finally {
            if (before == null) System.clearProperty("cotenant.plugin.decisionSeconds"); else System.setProperty("cotenant.plugin.decisionSeconds", before);
            if (!runner.isAlive()) System.clearProperty(SPINNER_STOP); // a spinner still running must still be told to stop
        }
        assertNotNull(report.get(), "the watchdog reported the stuck decision");
        assertFalse(runner.isAlive(), "the run ended once the plug-in returned: no thread left spinning");
        assertTrue(report.get().startsWith("spinner.jar: plug-in scheduler 'spinner': scheduler 'spinner' has not returned from decision "),
                report.get());
    }

    @Test
    void aMultiTilePlugInOrderingByDystasCostRunsMocaDystasSchedule() {
        String source = """
                package example;
                import dev.cotenant.simulator.policy.*;
                import dev.cotenant.simulator.plugin.MultiTilePolicyPlugin;
                public final class DystaOrder implements MultiTilePolicyPlugin {
                    public String name() { return "dysta-order"; }
                    public String description() { return "Dysta's cost as MoCA's queue order"; }
                    public ParameterSpace space() {
                        return ParameterSpace.of(new Parameter("beta", 0.01, 1e-5, 10, Parameter.Scale.LOG, "Dysta: weight of slack and waiting against remaining latency"));
                    }
                    public boolean throttles() { return true; }
                    public double queueCost(double[] p, int level, double remaining, double slack, double wait, double isolated, int waiting) {
                        return DystaScore.cost(remaining, slack, wait, isolated, waiting, p[0]);
                    }
                }
                """;
        Plugins.load(PlugInJars.build(tmp, "dysta-order", Map.of("DystaOrder", source),
                Map.of(MultiTilePolicyPlugin.class.getName(), List.of("DystaOrder"))));
        assertTrue(MocaPolicies.names().contains("dysta-order"));
        assertEquals(MocaPolicies.space("moca-dysta"), MocaPolicies.space("dysta-order"), "same parameters, in the same order");
        MocaTrace trace = MocaTraces.scenario("moca-c-m");
        MocaMetrics builtIn = MocaEvaluator.metrics("moca-dysta", MocaPolicies.defaults("moca-dysta"), trace, false);
        MocaMetrics plugIn = MocaEvaluator.metrics("dysta-order", MocaPolicies.defaults("dysta-order"), trace, false);
        assertEquals(builtIn, plugIn);
    }

    private static void run(String scheduler) {
        try (BatchEvaluator e = new BatchEvaluator(traces(), KernelOptions.PUBLISHED, 1)) {
            e.evaluate(List.of(Policy.published(scheduler)));
        }
    }
}
