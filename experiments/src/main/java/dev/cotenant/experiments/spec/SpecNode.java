package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cotenant.simulator.BadInputException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of a parsed spec with its dotted path ({@code sweep.seeds[2]}), so every validation error
 * names the file, the key and what is allowed. Reading a mapping's keys goes through
 * {@link #allowOnly}, so an unknown or misspelt key is an error, never silently ignored.
 */
public final class SpecNode {
    private final String source;
    private final String path;
    private final JsonNode node;

    SpecNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    public String path() { return path; }
    public JsonNode raw() { return node; }

    public BadInputException error(String problem) {
        return BadInputException.at(source, (path.isEmpty() ? "" : path + ": ") + problem);
    }

    public boolean isMapping() { return node != null && node.isObject(); }
    public boolean isText() { return node != null && node.isTextual(); }

    /** Fails unless this is a mapping whose keys are all in {@code allowed}. */
    public SpecNode allowOnly(String... allowed) {
        if (!isMapping()) throw error("expected a mapping with keys " + String.join(", ", allowed) + "; got " + describe(node));
        Set<String> known = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw BadInputException.at(source, child(key) + ": unknown key; allowed here: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    public boolean has(String key) { return node.has(key) && !node.get(key).isNull(); }

    public SpecNode get(String key) { return new SpecNode(source, child(key), node.get(key)); }

    public SpecNode required(String key) {
        if (!has(key)) throw BadInputException.at(source, child(key) + ": required key is missing");
        return get(key);
    }

    public String text() {
        if (node == null || !node.isTextual()) throw error("expected a string; got " + describe(node));
        return node.asText();
    }

    public String text(String key, String fallback) { return has(key) ? get(key).text() : fallback; }

    public double number() {
        if (node == null || !node.isNumber()) throw error("expected a number; got " + describe(node));
        return node.asDouble();
    }

    public double number(String key, double fallback) { return has(key) ? get(key).number() : fallback; }

    public long integer() {
        if (node == null || !node.canConvertToExactIntegral() || !node.isNumber()) throw error("expected an integer; got " + describe(node));
        // asLong() of a larger number wraps around silently; --seed refuses the same number, so does a spec
        if (!node.canConvertToLong()) throw error("integer " + node.asText() + " is out of range (" + Long.MIN_VALUE + ".." + Long.MAX_VALUE + ")");
        return node.asLong();
    }

    public int integer(String key, int fallback, int min) {
        if (!has(key)) return fallback;
        SpecNode n = get(key);
        long v = n.integer();
        if (v < min || v > Integer.MAX_VALUE) throw n.error("must be an integer >= " + min + "; got " + v);
        return (int) v;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        JsonNode v = node.get(key);
        if (!v.isBoolean()) throw get(key).error("expected true or false; got " + describe(v));
        return v.asBoolean();
    }

    /** The elements of a non-empty sequence (an empty sweep axis would run nothing, so it is an error). */
    public List<SpecNode> nonEmptyList() {
        if (node == null || !node.isArray()) throw error("expected a list; got " + describe(node));
        if (node.isEmpty()) throw error("must not be empty");
        List<SpecNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) items.add(new SpecNode(source, path + "[" + i + "]", node.get(i)));
        return items;
    }

    private String child(String key) { return path.isEmpty() ? key : path + "." + key; }

    private static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "nothing";
        if (n.isObject()) return "a mapping";
        if (n.isArray()) return "a list";
        if (n.isTextual()) return "the string '" + n.asText() + "'";
        if (n.isBoolean()) return "the boolean " + n.asText();
        return "the number " + n.asText();
    }
}
