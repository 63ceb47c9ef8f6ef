package com.patientsearch.app.api;

import com.patientsearch.app.security.Roles;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized requests are refused with 413 problem+json, never a 500: body over 1MB, request line (query string) over
 * 8KB, headers over 16KB (Micronaut answers 413 for all three; 414/431 are not available without replacing its Netty
 * pipeline). Unknown JSON members are refused too. Raw JDK client: the Micronaut client has limits of its own.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("limits");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + TestTokens.token(Roles.CLINICIAN, "ANY")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create(server.getURL() + pathAndQuery);
    }

    @Test
    void aBodyOver1MbIs413() throws Exception {
        String big = "{\"firstName\": \"" + "x".repeat(1_100_000) + "\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/patients"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // the early check (RequestSizeFilter) answers before the body is read, naming the limit
        assertThat(response.body()).contains("body: larger than the limit of 1048576 bytes").doesNotContain("xxxx");
    }

    @Test
    void aQueryStringOver8KbIsRefused() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/patients/search?q=" + "a".repeat(9_000))));
        assertTooLarge(response);
    }

    @Test
    void headersOver16KbAreRefused() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/patients/search?q=ann"))
                .header("X-Padding", "p".repeat(20_000)));
        assertTooLarge(response);
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413").doesNotContain("aaaa", "pppp");
    }

    @Test
    void unknownJsonMembersAre400() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/patients/1/merge"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"survivorId\": 2, \"version\": 0, \"isAdmin\": true}")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
