package com.patientsearch.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.patientsearch.app.cli.TokenCommand;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The HTTP side of issue 7: who may call what, and how a refusal looks. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityApiTest implements TestPropertyProvider {

    private static final String SEARCH = "/api/v1/patients/search?q=secure";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    OwnerDatabase owner;

    /** A route someone forgot to give an access rule: deny by default. */
    @Controller("/test-unlisted")
    @Requires(property = "test.unlisted-route", value = "true")
    static class UnlistedController {
        @Get
        String get() {
            return "should not be reachable";
        }
    }

    /** Controllers someone might add later in the imports and admin areas, without their own @Secured. */
    @Controller("/api/v1/imports/test-probe")
    @Requires(property = "test.unlisted-route", value = "true")
    static class ImportProbe {
        @Get
        String get() {
            return "import";
        }
    }

    @Controller("/api/v1/admin/test-probe")
    @Requires(property = "test.unlisted-route", value = "true")
    static class AdminProbe {
        @Get
        String get() {
            return "admin";
        }
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("security_api"));
        properties.put("test.unlisted-route", "true");
        return properties;
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('SEC', 'Secure', 'UTC')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'S-1', 'Sam', 'Secure', date '1970-07-07', 'male' FROM clinic""");
        }
    }

    @Test
    void noTokenIs401ProblemWithABearerChallenge() {
        HttpResponse<?> response = refused(HttpRequest.GET(SEARCH), 401);
        assertThat(response.getHeaders().get("WWW-Authenticate")).startsWith("Bearer");
        assertThat(detail(response)).contains("no bearer token");
    }

    @Test
    void garbageBadSignatureExpiredAndUnsignedTokensAre401WithTheirReason() throws Exception {
        assertThat(detail(refused(HttpRequest.GET(SEARCH).bearerAuth("not-a-jwt"), 401))).contains("malformed");
        assertThat(detail(refused(HttpRequest.GET(SEARCH).header("Authorization", "Basic dXNlcjpwYXNz"), 401))).contains("not a Bearer");

        String foreign = TokenIssuer.issue("some-other-service-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                "mallory", Roles.CLINICIAN, List.of("SEC"), Duration.ofMinutes(5), Instant.now());
        HttpResponse<?> badSignature = refused(HttpRequest.GET(SEARCH).bearerAuth(foreign), 401);
        assertThat(detail(badSignature)).contains("signature");
        assertThat(badSignature.getHeaders().get("WWW-Authenticate")).contains("invalid_token");

        String expired = TestTokens.token("sam", Roles.CLINICIAN, Duration.ofHours(1), Instant.now().minus(Duration.ofHours(2)), "SEC");
        assertThat(detail(refused(HttpRequest.GET(SEARCH).bearerAuth(expired), 401))).contains("expired");

        String unsigned = new PlainJWT(new PlainHeader(), claims(Instant.now().plusSeconds(300))).serialize();
        refused(HttpRequest.GET(SEARCH).bearerAuth(unsigned), 401);

        // Correctly signed, but without exp: a token that never dies is not accepted.
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(claims(Instant.now())).expirationTime(null).build();
        SignedJWT immortal = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), noExpiry);
        immortal.sign(new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(detail(refused(HttpRequest.GET(SEARCH).bearerAuth(immortal.serialize()), 401))).contains("no expiry");
    }

    @Test
    void issuerAudienceNotBeforeAndLifetimeAreEnforcedAndTheAlgorithmIsPinned() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet good = claims(now.plusSeconds(300));
        assertThat(client.toBlocking().exchange(HttpRequest.GET(SEARCH).bearerAuth(signed(JWSAlgorithm.HS256, good)), String.class)
                .getStatus().getCode()).as("the control: these claims pass").isEqualTo(200);

        Map<String, JWTClaimsSet> refusedClaims = new java.util.LinkedHashMap<>();
        refusedClaims.put("issuer", new JWTClaimsSet.Builder(good).issuer(null).build());
        refusedClaims.put("issuer ", new JWTClaimsSet.Builder(good).issuer("someone-else").build());
        refusedClaims.put("audience", new JWTClaimsSet.Builder(good).audience((String) null).build());
        refusedClaims.put("audience ", new JWTClaimsSet.Builder(good).audience("another-api").build());
        refusedClaims.put("not valid before", new JWTClaimsSet.Builder(good).notBeforeTime(Date.from(now.plusSeconds(600))).build());
        refusedClaims.put("lifetime", new JWTClaimsSet.Builder(good).issueTime(Date.from(now.minus(Duration.ofHours(30))))
                .expirationTime(Date.from(now.plusSeconds(300))).build());
        refusedClaims.put("iat", new JWTClaimsSet.Builder(good).issueTime(Date.from(now.plus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(3)))).build());
        for (Map.Entry<String, JWTClaimsSet> bad : refusedClaims.entrySet()) {
            HttpResponse<?> response = refused(HttpRequest.GET(SEARCH).bearerAuth(signed(JWSAlgorithm.HS256, bad.getValue())), 401);
            assertThat(detail(response)).as(bad.getKey()).contains(bad.getKey().strip());
        }
        // The same good claims with the right key but another HMAC algorithm: refused, the algorithm is pinned.
        assertThat(detail(refused(HttpRequest.GET(SEARCH).bearerAuth(signed(JWSAlgorithm.HS384, good)), 401)))
                .contains("algorithm");
    }

    private static String signed(JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(new MACSigner(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void aValidTokenOfTheRightRoleGetsThrough() {
        HttpResponse<Map> response = client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET(SEARCH), "SEC"), Map.class);
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        assertThat((List<?>) response.body().get("items")).hasSize(1);
    }

    @Test
    void wrongRolesAre403() {
        assertThat(detail(refused(TestTokens.ops(HttpRequest.GET(SEARCH)), 403))).contains("ops");
        refused(TestTokens.ops(HttpRequest.GET("/api/v1/patients/1")), 403);
        refused(TestTokens.ops(HttpRequest.GET("/api/v1/appointments/search?clinic=SEC&from=2026-01-01&to=2026-01-02")), 403);
        refused(HttpRequest.GET(SEARCH).bearerAuth(TestTokens.token(Roles.IMPORTER, "SEC")), 403);
        refused(TestTokens.frontDesk(HttpRequest.POST("/api/v1/patients", Map.of("clinic", "SEC")), "SEC"), 403);
        refused(TestTokens.frontDesk(HttpRequest.PUT("/api/v1/patients/1", Map.of("clinic", "SEC")), "SEC"), 403);
        refused(TestTokens.frontDesk(HttpRequest.POST("/api/v1/patients/1/merge", Map.of("survivorId", 2)), "SEC"), 403);
        refused(TestTokens.clinician(HttpRequest.GET("/api/v1/admin/db/pool"), "SEC"), 403);
        refused(TestTokens.clinician(HttpRequest.GET("/api/v1/admin/cache"), "SEC"), 403);
        refused(TestTokens.clinician(HttpRequest.GET("/metrics"), "SEC"), 403);
    }

    @Test
    void aRouteWithoutAnAccessRuleIsRefusedToEveryRole() {
        refused(HttpRequest.GET("/test-unlisted"), 401);
        for (String role : Roles.ALL) {
            refused(HttpRequest.GET("/test-unlisted").bearerAuth(TestTokens.token(role, "SEC")), 403);
        }
    }

    @Test
    void theImportAndAdminAreasAreRuledByPathEvenWithoutAnAnnotation() {
        assertThat(client.toBlocking().retrieve(HttpRequest.GET("/api/v1/imports/test-probe").bearerAuth(TestTokens.token(Roles.IMPORTER))))
                .isEqualTo("import");
        assertThat(client.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/api/v1/admin/test-probe")))).isEqualTo("admin");
        refused(HttpRequest.GET("/api/v1/imports/test-probe"), 401);
        refused(TestTokens.clinician(HttpRequest.GET("/api/v1/imports/test-probe"), "SEC"), 403);
        refused(TestTokens.ops(HttpRequest.GET("/api/v1/imports/test-probe")), 403);
        refused(HttpRequest.GET("/api/v1/admin/test-probe").bearerAuth(TestTokens.token(Roles.IMPORTER)), 403);
        refused(TestTokens.frontDesk(HttpRequest.GET("/api/v1/admin/test-probe"), "SEC"), 403);
    }

    @Test
    void aTokenWithoutClinicsMayNotTouchPatients() {
        HttpResponse<?> response = refused(HttpRequest.GET(SEARCH).bearerAuth(TestTokens.token(Roles.CLINICIAN)), 403);
        assertThat(detail(response)).contains("no clinics");
    }

    @Test
    void healthIsOpenMetricsNeedOps() {
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/health"), String.class).getStatus().getCode()).isEqualTo(200);
        refused(HttpRequest.GET("/metrics"), 401);
        assertThat(client.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/metrics")))).contains("jvm_memory");
    }

    @Test
    void theRequestIdIsEchoedOrAssigned() {
        HttpResponse<?> ok = client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET(SEARCH), "SEC")
                .header("X-Request-Id", "gw-1234.abc_9"), String.class);
        assertThat(ok.getHeaders().get("X-Request-Id")).isEqualTo("gw-1234.abc_9");

        HttpResponse<?> replaced = client.toBlocking().exchange(TestTokens.frontDesk(HttpRequest.GET(SEARCH), "SEC")
                .header("X-Request-Id", "<script>alert(1)</script>"), String.class);
        assertThat(replaced.getHeaders().get("X-Request-Id")).matches("[0-9a-f-]{36}");

        assertThat(refused(HttpRequest.GET(SEARCH).header("X-Request-Id", "denied-1"), 401).getHeaders().get("X-Request-Id"))
                .isEqualTo("denied-1");
    }

    @Test
    void tokenIssuePrintsATokenTheServerAccepts() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = cli(out, err, "issue", "--user", "alice", "--role", "front_desk", "--clinic", "SEC,OTHER", "--ttl", "30m");
        assertThat(exit).as(err.toString()).isZero();
        String token = out.toString().strip();
        assertThat(token.split("\\.")).hasSize(3);
        HttpResponse<Map> response = client.toBlocking().exchange(HttpRequest.GET(SEARCH).bearerAuth(token), Map.class);
        assertThat((List<?>) response.body().get("items")).hasSize(1);
    }

    @Test
    void tokenIssueRefusesABadRoleATooLongTtlAndAMissingClinic() {
        StringWriter err = new StringWriter();
        assertThat(cli(new StringWriter(), err, "issue", "--user", "eve", "--role", "admin", "--clinic", "SEC")).isEqualTo(2);
        assertThat(err.toString()).contains("--role: must be one of front_desk, clinician, importer, ops");

        err = new StringWriter();
        assertThat(cli(new StringWriter(), err, "issue", "--user", "eve", "--role", "clinician", "--clinic", "SEC", "--ttl", "48h")).isEqualTo(2);
        assertThat(err.toString()).contains("--ttl: must be more than 0 and at most 24h");

        err = new StringWriter();
        assertThat(cli(new StringWriter(), err, "issue", "--user", "eve", "--role", "clinician")).isEqualTo(2);
        assertThat(err.toString()).contains("--clinic");

        // ops tokens need no clinic
        StringWriter out = new StringWriter();
        assertThat(cli(out, new StringWriter(), "issue", "--user", "olga", "--role", "ops")).isZero();
        assertThat(client.toBlocking().exchange(HttpRequest.GET("/api/v1/admin/db/pool").bearerAuth(out.toString().strip()), String.class)
                .getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void tokenIssueWithAShortSecretSaysSo() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(TokenCommand.withEnvironment(Map.of("JWT_SECRET", "too-short")::get))
                .setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true))
                .execute("issue", "--user", "x", "--role", "ops");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("JWT_SECRET is 9 bytes long", "at least 32 bytes");
    }

    private static int cli(StringWriter out, StringWriter err, String... args) {
        Map<String, String> env = Map.of("JWT_SECRET", TestTokens.SECRET);
        return new CommandLine(TokenCommand.withEnvironment(env::get))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    private static JWTClaimsSet claims(Instant expiry) {
        return new JWTClaimsSet.Builder().issuer(TokenIssuer.ISSUER).audience(TokenIssuer.AUDIENCE).subject("sam").claim("roles", List.of(Roles.CLINICIAN)).claim("clinics", List.of("SEC"))
                .issueTime(new Date()).expirationTime(Date.from(expiry)).jwtID("t-1").build();
    }

    private HttpResponse<?> refused(MutableHttpRequest<?> request, int status) {
        HttpClientResponseException e = catchThrowableOfType(
                () -> client.toBlocking().exchange(request, Argument.of(String.class), Argument.of(String.class)),
                HttpClientResponseException.class);
        assertThat(e).as(request.getMethodName() + " " + request.getPath() + " must be refused").isNotNull();
        assertThat(e.getStatus().getCode()).as(request.getPath()).isEqualTo(status);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        return e.getResponse();
    }

    @SuppressWarnings("unchecked")
    private static String detail(HttpResponse<?> response) {
        Map<String, Object> body = response.getBody(Map.class).orElseThrow();
        assertThat(body.get("status")).isEqualTo(response.getStatus().getCode());
        return String.valueOf(body.get("detail"));
    }
}
