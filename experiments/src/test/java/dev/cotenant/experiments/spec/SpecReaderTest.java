package dev.cotenant.experiments.spec;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad spec fails on load with a message naming the key and what is allowed. */
class SpecReaderTest {
    @TempDir Path dir;

    static final String GOOD = """
            name: small
            workload:
              builtin: demo
              requests: 100
            policies: [fcfs, {scheduler: dysta, parameters: {beta: 0.5}}]
            sweep:
              arrival_rate_per_s: [4, 8]
              slo_multiplier: [10]
              seeds: [1, 2]
            """;

    static ExperimentSpec parse(String yaml) { return SpecReader.parse(yaml, "spec.yaml", null); }

    @Test
    void aGoodSpecResolvesPoliciesAxesAndDefaults() {
        ExperimentSpec s = parse(GOOD);
        assertEquals(List.of("fcfs", "dysta(beta=0.5)"), s.policyLabels());
        assertEquals(0.5, s.policies().get(1).policy().parameter("beta"));
        assertEquals(ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S, s.sweep().loadAxis());
        assertEquals(2 * 1 * 2, s.sweep().pointCount());
        assertEquals(List.of(Metric.VIOLATION_RATE, Metric.ANTT), s.metrics()); // the default pair
    }

    @Test
    void quickModeShrinksAndChangesTheFingerprint() {
        ExperimentSpec full = parse(GOOD.replace("requests: 100", "requests: 5000").replace("[4, 8]", "[2, 4, 6, 8, 10]")
                .replace("seeds: [1, 2]", "seeds: [1, 2, 3, 4]"));
        ExperimentSpec quick = full.quick();
        assertEquals(ExperimentSpec.QUICK_MAX_REQUESTS, quick.workload().requests());
        assertEquals(List.of(2.0, 6.0, 10.0), quick.sweep().loads()); // first, middle, last
        assertEquals(List.of(1L, 2L), quick.sweep().seeds());
        assertNotEquals(full.sha256(), quick.sha256());
        assertEquals(full.sha256(), parse(GOOD.replace("requests: 100", "requests: 5000").replace("[4, 8]", "[2, 4, 6, 8, 10]")
                .replace("seeds: [1, 2]", "seeds: [1, 2, 3, 4]")).sha256());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key       | name: small|name: small\\ncolour: red                  | colour: unknown key; allowed here: description, kernel, metrics, name, paper, policies, sweep, title, workload
            unknown nested key          | seeds: [1, 2]|seedz: [1, 2]                              | sweep.seedz: unknown key; allowed here: arrival_rate_per_s, offered_load, qos, seeds, slo_multiplier
            wrong type: string for int  | requests: 100|requests: many                             | workload.requests: expected an integer; got the string 'many'
            wrong type: list for number | arrival_rate_per_s: [4, 8]|arrival_rate_per_s: [4, [8]]   | sweep.arrival_rate_per_s[1]: expected a number; got a list
            wrong type: scalar for list | seeds: [1, 2]|seeds: 1                                   | sweep.seeds: expected a list; got the number 1
            empty seeds axis            | seeds: [1, 2]|seeds: []                                  | sweep.seeds: must not be empty
            empty rate axis             | arrival_rate_per_s: [4, 8]|arrival_rate_per_s: []         | sweep.arrival_rate_per_s: must not be empty
            empty policies              | policies: [fcfs, {scheduler: dysta, parameters: {beta: 0.5}}]|policies: [] | policies: must not be empty
            missing seeds               | seeds: [1, 2]|                                           | sweep.seeds: required key is missing
            unknown scheduler           | [fcfs,|[fifo,                                            | policies[0]: 'fifo': unknown scheduler 'fifo' and no such file; allowed: fcfs, sjf, sjf-sparse, prema
            unknown parameter           | beta: 0.5|gamma: 0.5                                     | policies[1].parameters.gamma: unknown key; allowed here: beta
            parameter out of bounds     | beta: 0.5|beta: 50                                       | policies[1]
            unknown metric              | seeds: [1, 2]|seeds: [1, 2]\\nmetrics: [latency]          | metrics[0]: unknown metric 'latency'; known: violation_rate, antt
            two sources                 | builtin: demo|builtin: demo\\n  scenario: dysta-mobile-vision | workload: give exactly one of scenario, builtin, latency_dir
            unknown scenario            | builtin: demo|scenario: nowhere                          | workload.scenario: unknown scenario 'nowhere'; known: dysta-mobile-vision
            unknown builtin             | builtin: demo|builtin: real                              | workload.builtin: unknown built-in latency directory 'real'; known: demo
            unknown setting             | builtin: demo|setting: quantum                           | workload.setting: unknown setting 'quantum'; allowed: time-multiplexed, moca
            moca keys only              | builtin: demo|setting: moca                              | workload.requests: unknown key; allowed here: artifact_runtime, sets, setting, traces
            qos axis of moca            | seeds: [1, 2]|seeds: [1, 2]\\n  qos: [tight]              | sweep.qos: QoS levels are an axis of the moca setting
            optimum not a mapping       | fcfs,|{optimum: true},                                   | policies[0].optimum: expected a mapping with keys objective, miss_weight, antt_weight, time_limit_s, moves_per_request, exact_max, exact, certify; got the boolean true
            optimum unknown key         | fcfs,|{optimum: {time_limit: 5}},                        | policies[0].optimum.time_limit: unknown key; allowed here: antt_weight, certify, exact, exact_max, miss_weight, moves_per_request, objective, time_limit_s
            optimum unknown objective   | fcfs,|{optimum: {objective: fastest}},                   | policies[0].optimum.objective: unknown objective 'fastest'; allowed: lexicographic, weighted, worst_model_miss_rate, max:xr_score
            optimum weight w/o weighted | fcfs,|{optimum: {miss_weight: 2}},                       | policies[0].optimum.miss_weight: only applies with objective: weighted
            optimum zero time limit     | fcfs,|{optimum: {time_limit_s: 0}},                      | policies[0].optimum.time_limit_s: must be a finite number > 0; got 0.0
            optimum exact_max too big   | fcfs,|{optimum: {exact_max: 40}},                        | policies[0].optimum.exact_max: must be at most 30; got 40
            optimum and scheduler       | fcfs,|{optimum: {}, scheduler: fcfs},                    | policies[0]: give exactly one of scheduler, best_json, tuned, predictor, optimum; got scheduler and optimum
            tuned without seed          | fcfs,|{tuned: {scheduler: dysta}},                       | policies[0].tuned.seed: required key is missing
            tuned on a sweep seed       | fcfs,|{tuned: {scheduler: dysta, seed: 2}},              | policies[0].tuned.seed: seed 2 is also a sweep seed [1, 2]; the tuner must train on other traces than the sweep measures
            tuned unknown scheduler     | fcfs,|{tuned: {scheduler: dyst, seed: 9}},               | policies[0].tuned.scheduler: unknown scheduler 'dyst'; allowed: fcfs, sjf
            tuned nothing to tune       | fcfs,|{tuned: {scheduler: fcfs, seed: 9}},               | policies[0].tuned.scheduler: scheduler 'fcfs' has no tunable parameters; allowed: prema
            tuned zero generations      | fcfs,|{tuned: {scheduler: dysta, seed: 9, generations: 0}}, | policies[0].tuned.generations: must be an integer >= 1; got 0
            tuned population of one     | fcfs,|{tuned: {scheduler: dysta, seed: 9, population: 1}},  | policies[0].tuned.population: must be an integer >= 2; got 1
            tuned Pareto objective      | fcfs,|{tuned: {scheduler: dysta, seed: 9, objective: 'violation_rate,antt'}}, | policies[0].tuned.objective: a Pareto objective has no single best vector to run
            tuned bad objective         | fcfs,|{tuned: {scheduler: dysta, seed: 9, objective: speed}}, | policies[0].tuned.objective:
            tuned one-value range       | fcfs,|{tuned: {scheduler: dysta, seed: 9, rates: [5]}},  | policies[0].tuned.rates: expected [low, high]; got 1 values
            tuned unknown key           | fcfs,|{tuned: {scheduler: dysta, seed: 9, budget: 5}},   | policies[0].tuned.budget: unknown key; allowed here: generations, objective, population, rates, requests, scheduler, seed, slo_multiplier, train_traces, validation_traces
            predictor not learned       | fcfs,|{predictor: {scheduler: dysta}},                   | policies[0].predictor.scheduler: unknown learned scheduler 'dysta'; allowed: dysta-learned, sjf-learned
            predictor file in a builtin | fcfs,|{predictor: {scheduler: dysta-learned, model: p.txt}}, | policies[0].predictor.model: a built-in experiment cannot name a file
            predictor too few samples   | fcfs,|{predictor: {scheduler: dysta-learned, samples: 3}}, | policies[0].predictor.samples: must be an integer >= 10; got 3
            learned without predictor   | [fcfs,|[dysta-learned,                                   | policies[0]: 'dysta-learned' needs a trained predictor; give {predictor: {scheduler: dysta-learned}}
            duplicate label             | [fcfs,|[dysta, dysta,                                    | policies[1]: label 'dysta' is used twice
            duplicate seed              | seeds: [1, 2]|seeds: [1, 1]                              | sweep.seeds[1]: seed 1 is listed twice
            negative rate               | [4, 8]|[4, -8]                                           | sweep.arrival_rate_per_s[1]: must be a finite number > 0; got -8.0
            both load axes              | slo_multiplier: [10]|slo_multiplier: [10]\\n  offered_load: [0.5] | sweep: give offered_load or arrival_rate_per_s, not both
            no SLO for a directory      | slo_multiplier: [10]|slo_multiplier: [10]\\n  slo_multiplier: [10] | Duplicate field 'slo_multiplier'
            bad name                    | name: small|name: Small Thing                            | name: must match [a-z0-9][a-z0-9-]*
            unknown estimator           | name: small|name: small\\nkernel: {estimator: psychic}    | kernel.estimator: unknown estimator 'psychic'; known: monitor
            """)
    void badSpecsNameTheKeyAndTheAllowedValues(String what, String find, String replace, String expected) {
        String yaml = GOOD.replace(find, replace == null ? "" : replace.replace("\\n", "\n"));
        assertNotEquals(GOOD, yaml, "the test's edit did not apply: " + what);
        BadInputException e = assertThrows(BadInputException.class, () -> parse(yaml), what);
        // the file, and for YAML syntax errors its line and column
        assertTrue(e.getMessage().matches("(?s)spec\\.yaml(:\\d+:\\d+)?: .*"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }

    @Test
    void theOptimumNeedsThePublishedKernelAndAddsTwoLabelledBoundRows() {
        String optimum = GOOD.replace("[fcfs,", "[fcfs, {optimum: {time_limit_s: 5}},");
        ExperimentSpec s = parse(optimum);
        assertEquals(List.of("fcfs", "optimal", "optimal-lower-bound-family", "optimal-lower-bound-any-schedule", "dysta(beta=0.5)"),
                s.policyLabels());
        assertEquals(List.of("fcfs", "optimal", "dysta(beta=0.5)"), s.scheduleLabels());
        assertEquals(300, s.policies().get(1).optimum().movesPerRequest()); // the default budget that makes a row reproducible
        BadInputException e = assertThrows(BadInputException.class,
                () -> parse(optimum.replace("name: small", "name: small\nkernel: {artifact_clock: true}")));
        assertTrue(e.getMessage().contains("policies[1].optimum: needs the published kernel (kernel.artifact_clock: false, kernel.switch_cost_s: 0)"),
                e.getMessage());
    }

    @Test
    void tunedAndLearnedEntriesAreFingerprintedBySettingsAndShrunkByQuick() {
        String yaml = GOOD.replace("[fcfs,", "[fcfs, {tuned: {scheduler: dysta, seed: 1001, generations: 20}}, "
                + "{predictor: {scheduler: sjf-learned, max_epochs: 30}},");
        ExperimentSpec s = parse(yaml);
        assertEquals(List.of("fcfs", "dysta-tuned", "sjf-learned", "dysta(beta=0.5)"), s.policyLabels());
        assertEquals(20, s.policies().get(1).tuned().generations());
        assertEquals(3, s.quick().policies().get(1).tuned().generations());
        assertEquals(5, s.quick().policies().get(2).learned().maxEpochs());
        // Another tuning budget is another experiment: its folder must not resume this one's rows.
        assertNotEquals(s.sha256(), parse(yaml.replace("generations: 20", "generations: 21")).sha256());
        assertEquals(s.sha256(), parse(yaml).sha256());
    }

    @Test
    void sloMultiplierIsRequiredWithoutAScenario() {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(GOOD.replace("  slo_multiplier: [10]\n", "")));
        assertEquals("spec.yaml: sweep: slo_multiplier is required when the workload is not a scenario", e.getMessage());
    }

    @Test
    void aTunersBestJsonIsAPolicy() throws IOException {
        Files.writeString(dir.resolve("best.json"), "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.25}, \"score\": 0.01}");
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, GOOD.replace("{scheduler: dysta, parameters: {beta: 0.5}}", "{best_json: best.json, label: dysta-tuned}"));
        ExperimentSpec s = SpecReader.read(spec);
        assertEquals("dysta-tuned", s.policies().get(1).label());
        assertEquals(0.25, s.policies().get(1).policy().parameter("beta"));
        assertTrue(s.policies().get(1).origin().startsWith("best.json:"));

        Files.writeString(dir.resolve("best.json"), "{\"policy\": \"dysta\", \"parameters\": {\"alpha\": 1}}");
        BadInputException e = assertThrows(BadInputException.class, () -> SpecReader.read(spec));
        assertTrue(e.getMessage().contains("best.json: parameters.alpha: unknown key; allowed here: beta"), e.getMessage());
    }

    @Test
    void aTextEntryTakesTheCliPolicySources() throws IOException {
        Files.writeString(dir.resolve("best.json"), "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.25}}");
        Path spec = dir.resolve("spec.yaml");
        // a relative best.json is resolved against the spec's folder, as best_json is
        Files.writeString(spec, GOOD.replace("{scheduler: dysta, parameters: {beta: 0.5}}", "'dysta:beta=0.5', best.json, mine=dysta-naive"));
        ExperimentSpec s = SpecReader.read(spec);
        assertEquals(List.of("fcfs", "dysta:beta=0.5", "dysta:beta=0.25", "mine"), s.policyLabels());
        assertEquals(0.5, s.policies().get(1).policy().parameter("beta"));
        assertEquals("best.json:" + dir.resolve("best.json").normalize(), s.policies().get(2).origin());
        assertEquals("dysta-naive", s.policies().get(3).policy().schedulerName());

        BadInputException e = assertThrows(BadInputException.class, () -> parse(GOOD.replace("fcfs,", "'dysta:beta=20',")));
        assertEquals("spec.yaml: policies[0]: 'dysta:beta=20': dysta.beta: 20.0 is outside [1.0E-5, 10.0]", e.getMessage());
        // 5e-1 is written 0.5 in the label, so the two entries collide
        e = assertThrows(BadInputException.class, () -> parse(GOOD.replace("fcfs,", "'dysta:beta=0.5', 'dysta:beta=5e-1',")));
        assertEquals("spec.yaml: policies[1]: label 'dysta:beta=0.5' is used twice; give a 'label'", e.getMessage());
        e = assertThrows(BadInputException.class, () -> parse(GOOD.replace("fcfs,", "best.json,")));
        assertEquals("spec.yaml: policies[0]: a built-in experiment cannot name a file", e.getMessage());
    }

    @Test
    void everyBuiltinLoadsAndNamesItsPaperFigure() {
        var all = BuiltinExperiments.all();
        assertTrue(all.size() >= 9, "built-ins: " + all.keySet());
        all.forEach((name, spec) -> {
            assertEquals(name, spec.name());
            assertTrue(!spec.paper().isEmpty(), name + " names no paper figure");
        });
        BadInputException e = assertThrows(BadInputException.class, () -> BuiltinExperiments.load("nope"));
        assertTrue(e.getMessage().contains("known: demo, "), e.getMessage());
    }
}
