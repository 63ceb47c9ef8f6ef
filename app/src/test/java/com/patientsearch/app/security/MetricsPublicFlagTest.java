package com.patientsearch.app.security;

import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** security.metrics.public: true opens GET /metrics to a token-less scraper, and nothing else. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsPublicFlagTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("metrics_public"));
        properties.put("security.metrics.public", "true");
        return properties;
    }

    @Test
    void metricsAreOpenButAdminAndPatientsAreNot() {
        assertThat(client.toBlocking().retrieve(HttpRequest.GET("/metrics"))).contains("jvm_memory");
        for (String uri : new String[] {"/api/v1/admin/db/pool", "/api/v1/patients/search?q=x"}) {
            HttpClientResponseException e = catchThrowableOfType(() -> client.toBlocking().retrieve(HttpRequest.GET(uri)),
                    HttpClientResponseException.class);
            assertThat(e).as(uri).isNotNull();
            assertThat(e.getStatus().getCode()).as(uri).isEqualTo(401);
        }
    }
}
