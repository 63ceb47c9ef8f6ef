package com.patientsearch.app.security;

import io.micronaut.http.MutableHttpRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Bearer tokens for tests, signed with the test key (src/test/resources/application-test.properties sets the same
 * {@code jwt.secret}).
 */
public final class TestTokens {

    public static final String SECRET = "test-only-jwt-secret-0123456789-abcdefghijklmnop";

    private TestTokens() {
    }

    public static String token(String role, String... clinics) {
        return token("tester", role, Duration.ofMinutes(10), Instant.now(), clinics);
    }

    public static String token(String user, String role, Duration ttl, Instant issuedAt, String... clinics) {
        return TokenIssuer.issue(SECRET.getBytes(StandardCharsets.UTF_8), user, role, List.of(clinics), ttl, issuedAt);
    }

    /** The request as a front-desk user of {@code clinics}. */
    public static <T> MutableHttpRequest<T> frontDesk(MutableHttpRequest<T> request, String... clinics) {
        return request.bearerAuth(token(Roles.FRONT_DESK, clinics));
    }

    /** The request as a clinician of {@code clinics} (may also write). */
    public static <T> MutableHttpRequest<T> clinician(MutableHttpRequest<T> request, String... clinics) {
        return request.bearerAuth(token(Roles.CLINICIAN, clinics));
    }

    /** The request as operations staff (admin endpoints, /metrics; no clinics). */
    public static <T> MutableHttpRequest<T> ops(MutableHttpRequest<T> request) {
        return request.bearerAuth(token(Roles.OPS));
    }
}
