package com.patientsearch.app.api;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever goes wrong, the caller gets problem+json, and no SQL, stack trace or submitted data comes back. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorContractTest implements TestPropertyProvider {

    /** Fails the way a broken query would, with SQL and a value in the message. */
    @Controller("/test-errors")
    @Secured(SecurityRule.IS_ANONYMOUS)
    @Requires(property = "test.error-routes", value = "true")
    static class FailingController {
        @Get("/boom")
        String boom() {
            throw new IllegalStateException("ERROR: syntax error at SELECT * FROM patient WHERE last_name = 'Secretname'");
        }
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("errors"));
        properties.put("test.error-routes", "true");
        return properties;
    }

    private HttpClientResponseException fail(HttpRequest<?> request) {
        try {
            client.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class));
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("expected an error for " + request.getPath());
    }

    @Test
    void anUnexpectedFailureLeaksNothing() {
        HttpClientResponseException e = fail(HttpRequest.GET("/test-errors/boom"));
        assertThat(e.getStatus().getCode()).isEqualTo(500);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        assertThat(e.getResponse().getBody(String.class).orElseThrow()).doesNotContain("SELECT", "Secretname", "Exception", "at com.");
    }

    @Test
    void aBodyThatIsNotJsonIsA400OnBodyWithoutEchoingIt() {
        HttpClientResponseException e = fail(TestTokens.clinician(HttpRequest.POST("/api/v1/patients", "{\"firstName\": \"Secretname\", oops")
                .contentType(MediaType.APPLICATION_JSON), "ANY"));
        assertThat(e.getStatus().getCode()).isEqualTo(400);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        String body = e.getResponse().getBody(String.class).orElseThrow();
        assertThat(body).contains("\"field\":\"body\"").doesNotContain("Secretname");
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        assertThatThrownBy(() -> client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET("/api/v1/nothing-here"), "ANY"), Argument.of(String.class), Argument.of(String.class)))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(404);
                    assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
                });
    }
}
