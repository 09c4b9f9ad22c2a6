package dev.cotenant.experiments.docs;

import dev.cotenant.experiments.RepositoryRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository must stand alone: every Markdown link in the user-facing documents (README.md,
 * docs/, notebooks/README.md) stays inside the repository, names a file that exists and, with a
 * {@code #anchor}, a heading that exists. Web links (http, https, mailto) are citations and are not
 * followed. The rules are generic on purpose: no document is special-cased.
 */
class MarkdownLinksTest {
    /** Inline links and images: {@code [text](target "title")}; the target ends at the first space or ')'. */
    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** Reference definitions: {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    @Test
    void everyDocumentLinkStaysInsideTheRepositoryAndResolves() {
        Path root = RepositoryRoot.find();
        List<Path> documents = documents(root);
        assertTrue(documents.size() >= 3, "found README.md, docs/*.md and notebooks/README.md: " + documents);
        List<String> broken = brokenLinks(root, documents);
        assertTrue(broken.isEmpty(), "broken or escaping Markdown links:\n" + String.join("\n", broken));
    }

    /** The checker itself, on a hand-made repository: each bad link is reported once, the good ones never. */
    @Test
    void theCheckerReportsEscapingMissingAndAnchorlessLinks(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.md"), """
                # Rules of `fcfs`, step 2
                ## Papers
                ## Papers
                [ok file](b.md) [ok anchor](b.md#trace-generation) [ok self](#papers-1) [ok dup](#rules-of-fcfs-step-2)
                [web](https://example.org/x) ![img](pic.png) [folder](../docs/)
                [escapes](../../shared/design/X.md) [absolute](/etc/passwd) [missing](nope.md)
                [bad anchor](b.md#no-such-heading) [bad self](#papers-2) [file url](file:///tmp/x.md)
                `[in code](nope-in-code.md)`
                ```
                [in fence](nope-in-fence.md)
                ```
                [ref]: ../outside.md
                """);
        Files.writeString(root.resolve("docs/b.md"), "# B\n\n## Trace generation\n");
        Files.writeString(root.resolve("docs/pic.png"), "");
        List<String> broken = brokenLinks(root, List.of(root.resolve("docs/a.md")));
        String all = String.join("\n", broken);
        // Expected: ../../shared, /etc/passwd, nope.md, b.md#no-such-heading, #papers-2, file://, ../outside.md.
        assertEquals(7, broken.size(), all);
        for (String target : List.of("../../shared/design/X.md", "/etc/passwd", "nope.md", "b.md#no-such-heading", "#papers-2",
                "file:///tmp/x.md", "../outside.md")) {
            assertTrue(all.contains(target), target + " not reported in:\n" + all);
        }
    }

    static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path notebooks = root.resolve("notebooks/README.md");
        if (Files.exists(notebooks)) documents.add(notebooks);
        return documents;
    }

    /** One line per bad link: {@code file:line: target: why}. */
    static List<String> brokenLinks(Path root, List<Path> documents) {
        Path realRoot = root.toAbsolutePath().normalize();
        Map<Path, Set<String>> anchorCache = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            List<String> lines = read(document);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) continue;
                String text = line.replaceAll("`[^`]*`", "");
                List<String> targets = new ArrayList<>();
                Matcher inline = INLINE.matcher(text);
                while (inline.find()) targets.add(inline.group(1));
                Matcher reference = REFERENCE.matcher(text);
                if (reference.matches()) targets.add(reference.group(1));
                for (String target : targets) {
                    String why = problem(realRoot, document, target, anchorCache);
                    if (why != null) broken.add(realRoot.relativize(document.toAbsolutePath().normalize()) + ":" + (i + 1) + ": " + target + ": " + why);
                }
            }
        }
        return broken;
    }

    private static String problem(Path root, Path document, String target, Map<Path, Set<String>> anchorCache) {
        if (target.isEmpty()) return "empty link";
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")) return null;
        if (lower.matches("^[a-z][a-z0-9+.-]*:.*")) return "a " + lower.substring(0, lower.indexOf(':')) + ": link leaves the repository";
        if (target.startsWith("/")) return "absolute path leaves the repository";
        int hash = target.indexOf('#');
        String pathPart = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = pathPart.isEmpty() ? document.toAbsolutePath().normalize()
                : document.toAbsolutePath().getParent().resolve(pathPart).normalize();
        if (!file.startsWith(root)) return "leaves the repository";
        if (!Files.exists(file)) return "no such file";
        if (anchor != null && !anchor.isEmpty()) {
            if (!file.toString().endsWith(".md")) return "anchor on a non-Markdown file";
            Set<String> anchors = anchorCache.computeIfAbsent(file, MarkdownLinksTest::anchors);
            if (!anchors.contains(anchor)) return "no heading with anchor #" + anchor;
        }
        return null;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered -1, -2, ... */
    static Set<String> anchors(Path markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : read(markdown)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) continue;
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) anchors.add(html.group(1));
            Matcher heading = HEADING.matcher(line);
            if (!heading.matches()) continue;
            String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1") // a link in a heading contributes its text
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
