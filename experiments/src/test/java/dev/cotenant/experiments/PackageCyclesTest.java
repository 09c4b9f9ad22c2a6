package dev.cotenant.experiments;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No cycles between the packages of the main sources of every module (a package is a concept, and
 * concepts layer). The graph is read from the sources: an edge {@code p -> q} for every
 * {@code dev.cotenant...} name in {@code p}'s code (imports, static imports, wildcard imports and
 * fully qualified names in the code), outside comments and literals. Maven already forbids cycles
 * between modules, so the cycles this finds are within one module.
 */
class PackageCyclesTest {
    /** A lower-case package path followed by a type (upper-case) or a wildcard; the package is the lower-case part. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.cotenant((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:([A-Z]\\w*)|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    @Test
    void mainSourcesOfEveryModuleHaveNoPackageCycles() throws IOException {
        Path root = RepositoryRoot.find();
        Map<String, String> sources = new TreeMap<>();
        List<String> modules = modules(root);
        assertTrue(modules.containsAll(List.of("simulator", "models", "policy-search", "experiments", "benchmarks")), "modules read from pom.xml: " + modules);
        for (String module : modules) {
            Path main = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) continue;
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    sources.put(root.relativize(f).toString(), Files.readString(f));
                }
            }
        }
        // The five modules hold 31 packages (Dec 2026); a scan that found few would pass vacuously.
        Graph graph = Graph.of(sources);
        assertTrue(graph.packages().size() >= 20, "packages found: " + graph.packages());
        List<List<String>> cycles = graph.cycles();
        if (!cycles.isEmpty()) fail(graph.describe(cycles));
    }

    /** The scanner itself: a cycle made only by a fully qualified name is found, one hidden in comments and strings is not. */
    @Test
    void scannerFindsCyclesThroughImportsAndQualifiedNamesOnly() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("a/A.java", "package dev.cotenant.a;\nimport dev.cotenant.b.B;\nclass A { B b; }\n");
        // b -> a only through a fully qualified nested type in code; b -> c through a wildcard.
        sources.put("b/B.java", "package dev.cotenant.b;\nimport dev.cotenant.c.*;\nclass B { dev.cotenant.a.A.Inner x; }\n");
        // c mentions a and b in a comment, a string, a text block and beside a char literal: no edges.
        sources.put("c/C.java", "package dev.cotenant.c;\n/** {@link dev.cotenant.a.A} */\nclass C {\n"
                + "  char q = '\"'; String s = \"dev.cotenant.b.B\"; // dev.cotenant.a.A\n"
                + "  String t = \"\"\"\n    dev.cotenant.b.B \"quoted\"\n    \"\"\";\n}\n");
        Graph graph = Graph.of(sources);
        assertEquals(List.of(List.of("dev.cotenant.a", "dev.cotenant.b")), graph.cycles());
        assertEquals(new TreeSet<>(List.of("dev.cotenant.a", "dev.cotenant.c")), graph.edges().get("dev.cotenant.b").keySet());
        assertTrue(graph.edges().getOrDefault("dev.cotenant.c", Map.of()).isEmpty(), graph.edges().toString());
        String message = graph.describe(graph.cycles());
        assertTrue(message.contains("dev.cotenant.b -> dev.cotenant.a: b/B.java uses A"), message);
    }

    @Test
    void scannerFindsEveryCycleNotJustTheFirst() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("p/P.java", "package dev.cotenant.p;\nimport dev.cotenant.q.Q;\n");
        sources.put("q/Q.java", "package dev.cotenant.q;\nimport static dev.cotenant.r.R.go;\n");
        sources.put("r/R.java", "package dev.cotenant.r;\nimport dev.cotenant.p.P;\n");
        sources.put("x/X.java", "package dev.cotenant.x;\nimport dev.cotenant.y.Y;\nimport dev.cotenant.p.P;\n");
        sources.put("y/Y.java", "package dev.cotenant.y;\nimport dev.cotenant.x.X;\n");
        // Two strongly connected components {p, q, r} and {x, y}; x -> p joins nothing.
        assertEquals(List.of(List.of("dev.cotenant.p", "dev.cotenant.q", "dev.cotenant.r"), List.of("dev.cotenant.x", "dev.cotenant.y")),
                Graph.of(sources).cycles());
    }

    private static List<String> modules(Path root) throws IOException {
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) modules.add(m.group(1).trim());
        return modules;
    }

    /** Package dependency graph: for each package, the packages it names and, per edge, which file names which type. */
    record Graph(Map<String, Map<String, TreeSet<String>>> edges) {
        static Graph of(Map<String, String> sourcesByFile) {
            Map<String, Map<String, TreeSet<String>>> edges = new TreeMap<>();
            sourcesByFile.forEach((file, text) -> {
                String code = codeOnly(text);
                Matcher pm = PACKAGE.matcher(code);
                if (!pm.find()) throw new AssertionError(file + " has no package declaration");
                String from = pm.group(1);
                Map<String, TreeSet<String>> out = edges.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher r = REFERENCE.matcher(code);
                while (r.find()) {
                    String to = "dev.cotenant" + r.group(1);
                    if (to.equals(from)) continue;
                    out.computeIfAbsent(to, k -> new TreeSet<>()).add(file + " uses " + (r.group(2) == null ? "*" : r.group(2)));
                    edges.computeIfAbsent(to, k -> new TreeMap<>());
                }
            });
            return new Graph(edges);
        }

        TreeSet<String> packages() { return new TreeSet<>(edges.keySet()); }

        /** Strongly connected components of more than one package (Tarjan), each sorted, in order of their first package. */
        List<List<String>> cycles() {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            List<List<String>> components = new ArrayList<>();
            for (String p : edges.keySet()) if (!index.containsKey(p)) connect(p, index, low, stack, components);
            components.sort((a, b) -> a.get(0).compareTo(b.get(0)));
            return components;
        }

        private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack, List<List<String>> out) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            for (String w : edges.get(v).keySet()) {
                if (!index.containsKey(w)) {
                    connect(w, index, low, stack, out);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> component = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    component.sort(null);
                    out.add(component);
                }
            }
        }

        /** Every cycle with every edge inside it and the references that make each edge. */
        String describe(List<List<String>> cycles) {
            StringBuilder b = new StringBuilder(cycles.size() + " package cycle(s):\n");
            for (List<String> cycle : cycles) {
                b.append("cycle ").append(cycle).append('\n');
                for (String from : cycle) {
                    for (String to : cycle) {
                        TreeSet<String> refs = edges.get(from).get(to);
                        if (refs != null) b.append("  ").append(from).append(" -> ").append(to).append(": ")
                                .append(refs.stream().collect(Collectors.joining(", "))).append('\n');
                    }
                }
            }
            return b.toString();
        }
    }

    /** The source with comments, string and text-block literals and char literals blanked, so only code names count. */
    static String codeOnly(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                b.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int j = i + 3;
                while (j < n && !s.startsWith("\"\"\"", j)) j += s.charAt(j) == '\\' ? 2 : 1;
                i = Math.min(n, j + 3);
                b.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') j += s.charAt(j) == '\\' ? 2 : 1;
                i = Math.min(n, j + 1);
                b.append(c).append(c);
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
