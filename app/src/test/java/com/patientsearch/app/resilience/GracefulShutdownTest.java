package com.patientsearch.app.resilience;

import org.awaitility.Awaitility;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shutting down with a request in flight: the request finishes with 200, then the pool is closed. */
class GracefulShutdownTest {

    @Test
    void anInFlightRequestFinishesAndThePoolClosesAfterIt() throws Exception {
        Map<String, Object> properties = new HashMap<>(TestPostgres.get().micronautProperties("graceful"));
        properties.put("slow-reads.enabled", true);
        properties.put("jwt.secret", TestTokens.SECRET);
        properties.put("micronaut.server.port", -1);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        AgroalDataSource pool = server.getApplicationContext().getBean(DataSource.class).unwrap(AgroalDataSource.class);

        try (HttpClient client = HttpClient.create(server.getURL())) {
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() ->
                    client.toBlocking().exchange(HttpRequest.GET("/test/slow-read"), String.class));
            awaitRunningQuery((String) properties.get("datasources.default.url"));
            server.getApplicationContext().close();

            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.getStatus().getCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("done");
        }
        assertThatThrownBy(pool::getConnection).as("the pool was closed on the way down");
    }

    /** Waits until the slow query runs in PostgreSQL, so shutdown really starts with a request in flight. */
    private static void awaitRunningQuery(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.get().username(), TestPostgres.get().password());
             PreparedStatement running = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(1.5)%'")) {
            Awaitility.await("the slow request reaches the database").atMost(java.time.Duration.ofSeconds(20))
                    .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                        try (ResultSet rs = running.executeQuery()) {
                            rs.next();
                            return rs.getInt(1) > 0;
                        }
                    });
        }
    }
}
