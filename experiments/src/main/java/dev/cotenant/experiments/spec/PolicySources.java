package dev.cotenant.experiments.spec;

import dev.cotenant.models.TrainedPredictor;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.policy.LearnedGamma;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one parser of the policies a command evaluates, from a comma-separated list of sources:
 * <ul>
 *   <li>{@code NAME}: a published scheduler ({@code all}: every published one, and the learned ones
 *       when a predictor is given);</li>
 *   <li>{@code NAME:PARAM=VALUE[,PARAM=VALUE]}: the published vector with parameters replaced;</li>
 *   <li>{@code PATH} ending in {@code .json} or naming a file: a tuner's {@code best.json};</li>
 *   <li>any of these prefixed {@code LABEL=} to name its rows.</li>
 * </ul>
 * A learned scheduler ({@code dysta-learned}) carries the predictor given beside the list.
 *
 * <p>Default labels are the source as a reader would type it, canonical so that one policy reached two
 * ways collides: {@code dysta}, {@code dysta:beta=0.002}, and for a {@code best.json} the parameters
 * that differ from the published ones. Labels follow {@link PolicySpec#labelProblem} across every
 * option fed to one instance. Errors are one line: {@code OPTION: 'ENTRY': problem}.
 */
public final class PolicySources {
    /** A piece after a comma that may continue {@code NAME:P=V}: {@code P=V}; see {@link #continues}. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");

    private final LearnedGamma learned;
    private final String predictorOption;
    private final Set<String> labels = new HashSet<>();
    private final List<PolicySpec> policies = new ArrayList<>();

    /**
     * @param learned         the predictor for learned schedulers, or null
     * @param predictorOption how to ask for one (named in the error when a learned scheduler has none), or null if
     *                        the command takes no predictor
     */
    public PolicySources(LearnedGamma learned, String predictorOption) {
        this.learned = learned;
        this.predictorOption = predictorOption;
    }

    /**
     * The predictor source of learned schedulers: a predictor.zip of train-predictor or its plain-array
     * predictor.txt, labelled by its path; null for null.
     */
    public static LearnedGamma predictor(Path file) {
        if (file == null) return null;
        MlpPredictor mlp = file.toString().endsWith(".zip") ? TrainedPredictor.load(file).export() : MlpPredictor.read(file);
        return new LearnedGamma(mlp, file.toString());
    }

    /** Parses {@code list} given as {@code option} and adds its policies; returns this. */
    public PolicySources add(String option, String list) {
        for (String entry : entries(list)) addEntry(option, entry);
        return this;
    }

    /** Every policy added so far, in order; bad input when there is none. */
    public List<PolicySpec> policies(String option) {
        if (policies.isEmpty()) throw BadInputException.at(option, "no policy named");
        return List.copyOf(policies);
    }

    /** Shorthand: the policies of one option. */
    public static List<PolicySpec> parse(String option, String list, LearnedGamma learned, String predictorOption) {
        return new PolicySources(learned, predictorOption).add(option, list).policies(option);
    }

    /** Splits on commas, rejoining {@code P=V} pieces to the {@code NAME:...} entry before them. */
    static List<String> entries(String list) {
        List<String> entries = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String piece = raw.trim();
            if (piece.isEmpty()) continue;
            int last = entries.size() - 1;
            if (last >= 0 && continues(entries.get(last), piece)) {
                entries.set(last, entries.get(last) + "," + piece);
            } else {
                entries.add(piece);
            }
        }
        return entries;
    }

    /**
     * {@code P=V} after {@code NAME:...} is one more parameter when P is one of NAME's, or when V is no policy
     * source (so {@code dysta:beta=1,btaa=2} reports the misspelt parameter); otherwise it is {@code LABEL=SOURCE}.
     */
    private static boolean continues(String previous, String piece) {
        String source = source(previous);
        java.util.regex.Matcher m = ASSIGNMENT.matcher(piece);
        if (!source.contains(":") || !m.matches()) return false;
        String scheduler = source.substring(0, source.indexOf(':')).trim();
        if (isScheduler(scheduler) && Schedulers.space(scheduler).parameters().stream().anyMatch(p -> p.name().equals(m.group(1)))) return true;
        String value = m.group(2).trim();
        return !(value.equals("all") || value.contains(":") || isScheduler(value) || looksLikeFile(value));
    }

    static boolean looksLikeFile(String source) {
        return source.endsWith(".json") || source.contains("/") || source.contains("\\") || Files.isRegularFile(Path.of(source));
    }

    /** {@code LABEL=} is a prefix before the first {@code =} holding no {@code :} (which would be an override's). */
    private static String label(String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0) return null;
        String before = entry.substring(0, eq);
        return before.contains(":") ? null : before;
    }

    static String source(String entry) {
        String label = label(entry);
        return label == null ? entry : entry.substring(label.length() + 1).trim();
    }

    private void addEntry(String option, String entry) {
        if (entry.equals("all")) {
            for (String n : Schedulers.names()) add(option, entry, new PolicySpec(n, Policy.published(n), "published"));
            if (learned != null) for (String n : Schedulers.learnedNames()) add(option, entry, one(n, null, learned, predictorOption));
            return;
        }
        PolicySpec policy;
        try {
            policy = one(entry, null, learned, predictorOption);
        } catch (BadInputException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
        add(option, entry, policy);
    }

    private void add(String option, String entry, PolicySpec policy) {
        String problem = PolicySpec.labelProblem(policy.label(), labels);
        if (problem != null) {
            throw BadInputException.at(option, "'" + entry + "': " + problem + (problem.endsWith("twice") ? "; give one of them a label (LABEL=SOURCE)" : ""));
        }
        policies.add(policy);
    }

    /**
     * One source, {@code all} excepted, with its label; the label is not checked against others (the caller's
     * list does that). Bad input names the entry ({@code 'ENTRY': problem}) or the file, and no option.
     *
     * @param baseDir         resolves a relative best.json path (a spec's folder), or null for the working directory
     * @param learned         the predictor a learned scheduler carries, or null
     * @param predictorOption how to ask for a predictor, or null when the caller takes none
     */
    public static PolicySpec one(String entry, Path baseDir, LearnedGamma learned, String predictorOption) {
        String label = label(entry);
        String source = source(entry);
        if (label != null && source.isEmpty()) throw new BadInputException("'" + entry + "': nothing after '" + label + "='");
        if (source.equals("all")) throw new BadInputException("'" + entry + "': 'all' names many policies, not one");
        Policy policy;
        String origin;
        Path file = null;
        try {
            if (source.contains(":")) {
                policy = overrides(source);
                origin = "overrides";
                if (label == null) label = canonicalLabel(policy, source);
            } else if (isScheduler(source)) {
                policy = Policy.published(source);
                origin = "published";
            } else if (looksLikeFile(source)) {
                file = (baseDir == null ? Path.of(source) : baseDir.resolve(source)).normalize();
                policy = SpecReader.bestJson(file);
                origin = "best.json:" + file;
                if (label == null) label = canonicalLabel(policy);
            } else {
                throw new BadInputException("unknown scheduler '" + source + "' and no such file; allowed: " + String.join(", ", known())
                        + ", or a tuner's best.json");
            }
        } catch (BadInputException e) {
            // problems inside a file already name the file; the rest name the entry
            boolean namesFile = file != null && e.getMessage().startsWith(file.toString());
            throw new BadInputException((namesFile ? "" : "'" + entry + "': ") + e.getMessage());
        }
        if (Schedulers.needsPredictor(policy.schedulerName())) {
            if (learned == null) {
                throw new BadInputException("'" + entry + "': " + policy.schedulerName() + " needs a trained predictor"
                        + (predictorOption == null ? ", which this command does not take" : " (" + predictorOption + ")"));
            }
            policy = policy.withPredictor(learned);
            origin = origin + "+predictor:" + learned.source();
        }
        return new PolicySpec(label != null ? label : policy.label(), policy, origin);
    }

    private static boolean isScheduler(String name) { return Schedulers.allNames().contains(name); }

    private static List<String> known() { return Schedulers.allNames(); }

    /** {@code NAME:P=V[,P=V]}: names and values checked here, bounds by the policy itself. */
    private static Policy overrides(String source) {
        int colon = source.indexOf(':');
        String name = source.substring(0, colon).trim();
        if (!isScheduler(name)) throw new BadInputException("unknown scheduler '" + name + "'; known: " + String.join(", ", known()));
        return Policy.withOverrides(name, assignments(name, Schedulers.space(name), source.substring(colon + 1)));
    }

    /** {@code P=V[,P=V]} after {@code NAME:}, for a policy of any setting: names and values checked against its space, bounds by the policy. */
    static Map<String, Double> assignments(String name, ParameterSpace space, String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String assignment : text.split(",", -1)) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) throw new BadInputException("expected PARAM=VALUE after '" + name + ":', got '" + assignment.trim() + "'");
            String key = assignment.substring(0, eq).trim();
            Parameter p = space.get(space.indexOf(name, key));
            if (values.put(key, value(p, assignment.substring(eq + 1).trim())) != null) {
                throw new BadInputException("parameter '" + key + "' is set twice");
            }
        }
        return values;
    }

    private static double value(Parameter p, String text) {
        Double v = p.parse(text);
        if (v == null) throw new BadInputException(p.name() + ": expected " + (p.isCategorical() ? "one of " + p.categories() : "a number") + ", got '" + text + "'");
        return v;
    }

    /** The label of an override entry: its parameters in the order given, each as the space formats it. */
    private static String canonicalLabel(Policy policy, String source) {
        List<String> keys = new ArrayList<>();
        for (String assignment : source.substring(source.indexOf(':') + 1).split(",")) keys.add(assignment.substring(0, assignment.indexOf('=')).trim());
        return labelOf(policy, keys);
    }

    /** A tuned vector's label: the parameters that differ from the published ones, or the bare name. */
    private static String canonicalLabel(Policy policy) { return label(policy.schedulerName(), policy.space(), policy.parameters()); }

    /** The label of a vector of any setting: {@code NAME:P=V+...} of the parameters that differ from the published ones. */
    static String label(String name, ParameterSpace space, double[] values) {
        double[] defaults = space.defaults();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < values.length; i++) if (values[i] != defaults[i]) keys.add(space.get(i).name());
        return labelOf(name, space, values, keys);
    }

    private static String labelOf(Policy policy, List<String> keys) {
        return labelOf(policy.schedulerName(), policy.space(), policy.parameters(), keys);
    }

    private static String labelOf(String name, ParameterSpace space, double[] values, List<String> keys) {
        if (keys.isEmpty()) return name;
        StringBuilder b = new StringBuilder(name).append(':');
        for (int i = 0; i < keys.size(); i++) {
            int index = space.indexOf(name, keys.get(i));
            // '+' joins parameters: a label is a CSV field and cannot hold the ',' of the source
            b.append(i > 0 ? "+" : "").append(space.get(index).name()).append('=').append(space.get(index).format(values[index]));
        }
        return b.toString();
    }
}
