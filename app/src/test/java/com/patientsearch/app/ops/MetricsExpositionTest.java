package com.patientsearch.app.ops;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.app.testing.EmbeddedMode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} of a running service (embedded database, so the backup meters exist too): it passes
 * Prometheus's lint, and every metric the shipped alert rules and dashboard name is in it, so renaming a metric
 * breaks the build rather than the pager.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsExpositionTest {

    /** Our series in PromQL: names with the prefixes of the families the app exports. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:agroal|hibernate|http_server|postgres|db|backup|audit|datasource|database|disk|jvm|process|executor)_[a-z0-9_]+)\\b");
    /**
     * Exported only in some deployments (replicas configured) or after their first event (a family tag needs a
     * family); each must at least be registered under this name by the code (checked below).
     */
    private static final Map<String, String> CONDITIONAL = Map.of(
            "datasource_replica_lag_seconds", "datasource.replica.lag",
            "datasource_replica_in_rotation", "datasource.replica.in.rotation",
            "db_latency_degradations_total", "db_latency_degradations");

    private EmbeddedMode embedded;
    private ApplicationContext context;
    private String metrics;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(EmbeddedMode.available());
        embedded = EmbeddedMode.create("patient-search-metrics");
        Map<String, Object> properties = embedded.properties();
        properties.put("monitoring.database.metrics-interval", "300ms");
        properties.put("monitoring.slow-query.threshold", "0ms"); // every statement alerts: db_slow_queries_total exists
        properties.put("backup.max-age", "1ms"); // no backup yet, and overdue at once: the backup component warns
        // The context, not the server, is what is closed at the end: it stops the embedded PostgreSQL with it.
        context = ApplicationContext.run(properties);
        EmbeddedServer service = context.getBean(EmbeddedServer.class).start();
        try (HttpClient http = context.createBean(HttpClient.class, service.getURL())) {
            try {
                http.toBlocking().retrieve(TestTokens.clinician(HttpRequest.GET("/api/v1/patients/search?q=smith"), "CL0001"));
            } catch (HttpClientResponseException e) {
                // any answer will do: the request only has to be counted
            }
            metrics = Awaitility.await("the database gauges, the slow-query counter and the request timer")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/metrics"))),
                            m -> m.contains("postgres_oldest_xid_age ") && !m.contains("postgres_oldest_xid_age NaN")
                                    && m.contains("db_slow_queries_total{") && m.contains("http_server_requests_seconds_bucket{"));
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "metrics-exposition.txt"), metrics);
    }

    @AfterAll
    void stop() throws IOException {
        if (context != null) {
            EmbeddedMode.stop(context);
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void expositionPassesPrometheusLint() throws Exception {
        assertThat(PrometheusLint.check(metrics)).isEmpty();
        // The real linter too, where it is installed (Debian package prometheus); CI has only the rules above.
        Path promtool = onPath("promtool");
        if (promtool != null) {
            Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectInput(Path.of("target", "metrics-exposition.txt").toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).isBlank();
            assertThat(process.exitValue()).isZero();
        }
    }

    /** Load balancers probe /health: an overdue backup shows in its component but never turns the answer into a 503. */
    @Test
    @SuppressWarnings("unchecked")
    void anOverdueBackupWarnsInHealthWithoutTakingTheServiceDown() {
        EmbeddedServer service = context.getBean(EmbeddedServer.class);
        try (HttpClient http = context.createBean(HttpClient.class, service.getURL())) {
            HttpResponse<Map> response = http.toBlocking().exchange(TestTokens.ops(HttpRequest.GET("/health")), Map.class);
            assertThat(response.code()).isEqualTo(200);
            Map<String, Object> backup = (Map<String, Object>) ((Map<String, Object>) response.body().get("details")).get("backup");
            assertThat(backup).containsEntry("status", "WARNING");
            assertThat((Map<String, Object>) backup.get("details")).containsEntry("mode", "embedded").containsEntry("newest", "none yet");
        }
    }

    @Test
    void lintCatchesTheProblemsItIsFor() {
        String bad = """
                # HELP hibernate_sessions_open_total Sessions opened
                # TYPE hibernate_sessions_open_total counter
                hibernate_sessions_open_total{entityManagerFactory="default"} 1.0
                # HELP agroal_blocking_time_max_ms Longest wait
                # TYPE agroal_blocking_time_max_ms gauge
                agroal_blocking_time_max_ms{datasource="default"} 3.0
                # TYPE db_slow_queries_total counter
                db_slow_queries_total{family="x"} 1.0
                """;
        assertThat(PrometheusLint.check(bad)).containsExactlyInAnyOrder(
                "hibernate_sessions_open_total: label names should be written in 'snake_case' not 'camelCase' (entityManagerFactory)",
                "agroal_blocking_time_max_ms: metric names should not contain abbreviated units",
                "db_slow_queries_total: no help text");
    }

    @Test
    void everyMetricTheAlertRulesAndDashboardNameIsExported() throws IOException {
        Path docs = repositoryRoot().resolve("docs/ops");
        List<String> expressions = new ArrayList<>();
        Map<String, Object> rules = new Yaml().load(Files.readString(docs.resolve("prometheus/alerts.yml")));
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                expressions.add((String) ((Map<?, ?>) rule).get("expr"));
            }
        }
        Matcher expr = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(Files.readString(docs.resolve("grafana/patient-search.json")));
        while (expr.find()) {
            expressions.add(expr.group(1).replace("\\\"", "\""));
        }
        assertThat(expressions).hasSizeGreaterThan(20);

        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        Set<String> exported = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(exported);
        missing.removeAll(CONDITIONAL.keySet());
        assertThat(missing).as("metrics named by docs/ops but absent from /metrics").isEmpty();
        // The conditional ones are registered under these Micrometer names (replicas only exist when configured).
        for (Map.Entry<String, String> conditional : CONDITIONAL.entrySet()) {
            if (named.contains(conditional.getKey())) {
                String name = "\"" + conditional.getValue() + "\"";
                assertThat(sourcesContain(repositoryRoot().resolve("persistence/src/main"), name)
                        || sourcesContain(repositoryRoot().resolve("persistence/operations/src/main"), name))
                        .as(conditional.getValue() + " is registered").isTrue();
            }
        }
    }

    private static boolean sourcesContain(Path dir, String text) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/ops"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root with docs/ops").isNotNull();
        return dir;
    }

    private static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
