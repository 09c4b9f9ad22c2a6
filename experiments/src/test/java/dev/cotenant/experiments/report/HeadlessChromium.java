package dev.cotenant.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's own
 * client: no browser-driver dependency). Enough for report tests: open a page at a window size,
 * evaluate script, move and click the mouse, collect every console message and uncaught exception,
 * and take a full-page screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
    /** Debian's package installs /usr/bin/chromium; COTENANT_CHROMIUM names another binary. */
    static Path binary() {
        String env = System.getenv("COTENANT_CHROMIUM");
        if (env != null && !env.isBlank()) return Files.isExecutable(Path.of(env)) ? Path.of(env) : null;
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) return Path.of(candidate);
        }
        return null;
    }

    /** A console message or uncaught exception the page produced. */
    record ConsoleEntry(String level, String text) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<ConsoleEntry> console = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    HeadlessChromium(Path binary, int widthPixels, int heightPixels) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("cotenant-chromium");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--window-size=" + widthPixels + "," + heightPixels, "about:blank").redirectErrorStream(true).start();
        String browserSocket = awaitListening();
        String port = URI.create(browserSocket).getPort() + "";
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        for (int attempt = 0; attempt < 50 && pageSocket == null; attempt++) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) pageSocket = target.path("webSocketDebuggerUrl").asText();
            }
            if (pageSocket == null) Thread.sleep(100);
        }
        if (pageSocket == null) throw new IOException("chromium opened no page target");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener()).join();
        send("Runtime.enable", JSON.createObjectNode());
        send("Log.enable", JSON.createObjectNode());
        send("Page.enable", JSON.createObjectNode());
        send("Network.enable", JSON.createObjectNode());
        send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", widthPixels).put("height", heightPixels)
                .put("deviceScaleFactor", 1).put("mobile", false));
    }

    /** Chromium prints the browser's WebSocket address on stderr; the rest of its output is drained so it never blocks. */
    private String awaitListening() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) address.complete(m.group(1));
                }
            } catch (IOException ignored) {
                // the process ended: close() reports nothing more
            }
            // Output ends when the browser is closed after use too; only a start that never listened is an error, and
            // the process may still be shutting down, so exitValue() (which throws while it runs) is asked only once it ended.
            if (!address.isDone()) address.completeExceptionally(new IOException("chromium closed its output before listening ("
                    + (process.isAlive() ? "still running" : "status " + process.exitValue()) + ")"));
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return address.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("chromium did not start its DevTools server: " + e.getMessage(), e);
        }
    }

    /** Navigates and waits for the load event. */
    void open(Path file) {
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        loadEvent = loaded;
        send("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
        loaded.orTimeout(60, TimeUnit.SECONDS).join();
    }

    private volatile CompletableFuture<JsonNode> loadEvent;

    /** The value of a script expression; a promise is awaited. A script that throws fails the call with its message. */
    JsonNode evaluate(String expression) {
        JsonNode r = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("awaitPromise", true)
                .put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + r.path("exceptionDetails").path("exception").path("description").asText(
                    r.path("exceptionDetails").path("text").asText()));
        }
        return r.path("result").path("value");
    }

    void mouseMove(double x, double y) {
        send("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", "mouseMoved").put("x", x).put("y", y));
    }

    void click(double x, double y) {
        mouseMove(x, y);
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", x).put("y", y).put("button", "left").put("clickCount", 1));
        }
    }

    /** A PNG of the whole page, not just the window. */
    void screenshot(Path png) throws IOException {
        JsonNode r = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true)
                .put("fromSurface", true));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /** The address of every request the page made so far (the page itself included). */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Every console message and uncaught exception so far. */
    List<ConsoleEntry> console() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    private JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).join();
        JsonNode r = reply.orTimeout(60, TimeUnit.SECONDS).join();
        if (r.has("error")) throw new IllegalStateException(method + ": " + r.path("error").path("message").asText());
        return r.path("result");
    }

    private void event(JsonNode message) {
        String method = message.path("method").asText();
        JsonNode p = message.path("params");
        switch (method) {
            case "Page.loadEventFired" -> {
                CompletableFuture<JsonNode> l = loadEvent;
                if (l != null) l.complete(p);
            }
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            case "Runtime.consoleAPICalled" -> {
                StringBuilder text = new StringBuilder();
                for (JsonNode a : p.path("args")) text.append(text.length() > 0 ? " " : "").append(a.has("value") ? a.path("value").asText() : a.path("description").asText());
                console.add(new ConsoleEntry(p.path("type").asText(), text.toString()));
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode d = p.path("exceptionDetails");
                console.add(new ConsoleEntry("exception", d.path("exception").path("description").asText(d.path("text").asText())));
            }
            case "Log.entryAdded" -> console.add(new ConsoleEntry(p.path("entry").path("level").asText(), p.path("entry").path("text").asText()
                    + " " + p.path("entry").path("url").asText()));
            default -> { }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asInt());
                        if (reply != null) reply.complete(message);
                    } else {
                        event(message);
                    }
                } catch (IOException e) {
                    console.add(new ConsoleEntry("harness", "unreadable DevTools message: " + e.getMessage()));
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

}
