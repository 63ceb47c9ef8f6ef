package com.patientsearch.app.resilience;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Pool exhaustion never hangs a request: with every connection held, the search API answers
 * 503 application/problem+json with Retry-After soon after the acquisition timeout, and serves again once freed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolExhaustionApiTest implements TestPropertyProvider {

    private static final int POOL_SIZE = 3;

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("pool_exhaustion"));
        properties.put("datasources.default.min-size", "1");
        properties.put("datasources.default.initial-size", "1");
        properties.put("datasources.default.max-size", String.valueOf(POOL_SIZE));
        properties.put("datasources.default.acquisition-timeout", "1s");
        properties.put("api.resilience.retry-after", "3s");
        return properties;
    }

    @Test
    void anExhaustedPoolAnswers503ProblemJsonWithRetryAfterWithinSeconds() throws Exception {
        HttpRequest<?> search = TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?q=smith"), "ANY");
        assertThat(client.toBlocking().exchange(search, String.class).getStatus().getCode()).isEqualTo(200);

        AgroalDataSource pool = dataSource.unwrap(AgroalDataSource.class);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                held.add(pool.getConnection());
            }
            long started = System.nanoTime();
            HttpClientResponseException refused = catchThrowableOfType(
                    () -> client.toBlocking().exchange(search, String.class), HttpClientResponseException.class);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(refused).as("the request must fail, not succeed or hang").isNotNull();
            HttpResponse<?> response = refused.getResponse();
            assertThat(response.getStatus().getCode()).isEqualTo(503);
            assertThat(response.getHeaders().get(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
            assertThat(response.getContentType()).hasValueSatisfying(type ->
                    assertThat((CharSequence) type.toString()).startsWith("application/problem+json"));
            String body = response.getBody(String.class).orElse("");
            assertThat(body).contains("\"status\":503").contains("\"title\"").doesNotContain("smith");
            assertThat(elapsedMillis).as("about the 1 s acquisition timeout, far from a hang").isLessThan(5_000);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(client.toBlocking().exchange(search, String.class).getStatus().getCode()).isEqualTo(200);
    }
}
