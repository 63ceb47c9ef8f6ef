package com.patientsearch.opensearchnode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node OpenSearch 2.x cluster for tests, started once per test JVM in a JVM of its own (see
 * {@link NodeMain}): bound to 127.0.0.1 on free ports, a small heap, its data in a temporary directory that is
 * deleted when the test JVM exits. Uses nothing but the JDK, so it loads on the tests' classpath.
 */
public final class OpenSearchTestNode {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** The node's heap: small for tests; a benchmark at a million patients may give it more. */
    private static final String HEAP = "-Xmx" + System.getProperty("opensearch.test-node.heap", "512m");
    private static OpenSearchTestNode shared;

    private final Process process;
    private final Path home;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OpenSearchTestNode(Process process, Path home, int httpPort) {
        this.process = process;
        this.home = home;
        this.httpPort = httpPort;
    }

    /** The node of this JVM, started (and waited for until the cluster is green) on first use. */
    public static synchronized OpenSearchTestNode shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "opensearch-test-node-stop"));
        }
        return shared;
    }

    /** {@code host:port} as Hibernate Search's {@code hibernate.search.backend.hosts} takes it. */
    public String hostAndPort() {
        return "127.0.0.1:" + httpPort;
    }

    public URI uri() {
        return URI.create("http://" + hostAndPort());
    }

    /** A GET against the node's REST API, for tests that look at the cluster itself; the body, or a failure. */
    public String get(String pathAndQuery) {
        return expectOk("GET " + pathAndQuery, send(HttpRequest.newBuilder(uri().resolve(pathAndQuery)).GET()));
    }

    /** A POST of a JSON body; the answer's body, or a failure. */
    public String post(String pathAndQuery, String json) {
        return expectOk("POST " + pathAndQuery, send(HttpRequest.newBuilder(uri().resolve(pathAndQuery))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    private static String expectOk(String call, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(call + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static OpenSearchTestNode start() {
        try {
            Path home = Files.createTempDirectory("opensearch-test-node");
            int httpPort = freePort();
            int transportPort = freePort();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-Xms256m", HEAP, "-XX:+UseSerialGC",
                    "-Dlog4j2.disable.jmx=true", "-cp", nodeClasspath(), NodeMain.class.getName(),
                    home.resolve("cluster").toString(), Integer.toString(httpPort), Integer.toString(transportPort))
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("node.log").toFile())
                    .start();
            OpenSearchTestNode node = new OpenSearchTestNode(process, home, httpPort);
            node.awaitGreen();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the OpenSearch test node", e);
        }
    }

    /** This jar (or classes directory) for NodeMain, then the OpenSearch classpath resolved at build time. */
    private static String nodeClasspath() throws IOException {
        String resolved;
        try (InputStream in = OpenSearchTestNode.class.getResourceAsStream("/opensearch-node.classpath")) {
            if (in == null) {
                throw new IllegalStateException("opensearch-node.classpath is missing: build search/opensearch-node");
            }
            resolved = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            Path self = Path.of(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self + java.io.File.pathSeparator + resolved;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitGreen() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest.Builder health = HttpRequest.newBuilder(
                uri().resolve("/_cluster/health?wait_for_status=green&timeout=2s")).timeout(Duration.ofSeconds(5));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the OpenSearch test node exited with " + process.exitValue()
                        + "; its log:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(health.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"status\":\"green\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The health call itself waits (timeout=2s) once the node listens; before that, retry at once
                // would spin, so block on the process for the same short interval instead.
                waitForExit(Duration.ofMillis(250));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException("the OpenSearch test node was not green within " + START_TIMEOUT
                + "; its log:\n" + logTail());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closing the node's standard input stops it (NodeMain); a node that does not stop in time is killed. */
    private void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed: the process is going anyway
        }
        if (!waitForExit(Duration.ofSeconds(20))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(5));
        }
        deleteRecursively(home);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("node.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: what is left goes with /tmp
        }
    }
}
