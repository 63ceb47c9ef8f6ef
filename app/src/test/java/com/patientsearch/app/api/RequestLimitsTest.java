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

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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

    /**
     * The 413 goes out before the body is read, and the connection is closed. A client that goes on sending its body
     * must still read that answer: the server drains what it sends (LingeringClose) where a plain close would answer
     * it with a reset, and the write here would fail with "broken pipe".
     */
    @Test
    void aClientStillSendingItsBodyAfterThe413ReadsItWhole() throws Exception {
        byte[] body = ("{\"firstName\": \"" + "x".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/patients HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestTokens.token(Roles.CLINICIAN, "ANY") + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in); // the answer has been written: the server is closing from here on
            for (int at = 0; at < body.length; at += 65_536) {
                out.write(body, at, Math.min(65_536, body.length - at));
            }
            socket.shutdownOutput();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(statusLine).startsWith("HTTP/1.1 413");
            assertThat(rest.toLowerCase(Locale.ROOT)).contains("connection: close", "application/problem+json");
            assertThat(rest).endsWith("}").contains("body: larger than the limit of 1048576 bytes");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection ended before a line: " + line);
            }
            line.append((char) c);
        }
        return line.toString().strip();
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
