package dev.cotenant.experiments.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The JavaScript that report.html inlines: Vega, Vega-Lite and vega-embed as the build took them
 * from the npm registry (experiments/pom.xml, step bundle-vega), and the report's own script and
 * style sheet. Inlined, not linked, so the report opens offline from disk and never fetches code.
 */
final class VegaBundle {
    private static final String ROOT = "/dev/cotenant/experiments/report/";
    /** In the order a page must load them: vega-embed needs the other two. */
    private static final String[] LIBRARIES = {"vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js"};

    private static volatile String libraries;

    private VegaBundle() {}

    /** The three libraries, each ready to sit inside a script element. */
    static String libraries() {
        String s = libraries;
        if (s == null) {
            StringBuilder b = new StringBuilder(900_000);
            for (String file : LIBRARIES) b.append(inlineSafe(resource(file))).append('\n');
            libraries = s = b.toString();
        }
        return s;
    }

    /** "Vega 6.4.0, Vega-Lite 6.5.0, vega-embed 7.3.0", from what the build bundled. */
    static String versions() {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(resource("vega/versions.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "Vega " + p.getProperty("vega") + ", Vega-Lite " + p.getProperty("vega-lite") + ", vega-embed " + p.getProperty("vega-embed");
    }

    static String script() { return inlineSafe(resource("report.js")); }

    static String styleSheet() { return resource("report.css"); }

    /**
     * A script's text made safe to inline: a literal {@code </script} would end the element early
     * (inside JavaScript strings and regular expressions {@code <\/} means the same), and a source-map
     * comment would point the browser's developer tools at a file that is not there.
     */
    static String inlineSafe(String script) {
        return script.replaceAll("(?m)^//# sourceMappingURL=.*$", "").replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT");
    }

    private static String resource(String file) {
        try (InputStream in = VegaBundle.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                // Only a build that skipped the bundle-vega step gets here: say how to get the file, not a stack trace.
                throw new IllegalStateException("the CLI was built without " + ROOT + file
                        + "; rebuild it with './mvnw -pl experiments -am package' on a machine with npm and the npm registry (or its cache)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
