package com.patientsearch.app.admin;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/admin/audit}: filters, keyset paging without gaps or repeats, 400s naming the parameter. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditAdminApiTest implements TestPropertyProvider {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    AuditTrail trail;

    @Serdeable
    record Item(long id, String at, String user, String role, List<String> clinics, String action, String endpoint,
                List<Long> patientIds, String requestId) {
    }

    @Serdeable
    record Page(List<Item> items, String nextCursor) {
    }

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("audit_admin");
    }

    @BeforeAll
    void record() {
        // alice: 30 reads, one a minute from T0, three of them at the same instant (ties break on id)
        for (int i = 0; i < 30; i++) {
            Instant at = T0.plusSeconds(60L * Math.max(i, 2));
            trail.record(new AuditEvent(at, CallerScope.of("alice", "front_desk", Set.of("NORTH"), "a-" + i),
                    "read", "GET /api/v1/patients/{id}", List.of(100L + i)));
        }
        // bob: searches on the next day touching patient 105 among others
        for (int i = 0; i < 5; i++) {
            trail.record(new AuditEvent(T0.plusSeconds(86_400L + i), CallerScope.of("bob", "clinician", Set.of("SOUTH"), "b-" + i),
                    "search", "GET /api/v1/patients/search", List.of(7L, 105L, 9L + i)));
        }
        trail.flush();
    }

    Page get(Map<String, String> params) {
        UriBuilder uri = UriBuilder.of("/api/v1/admin/audit");
        params.forEach(uri::queryParam);
        return client.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET(uri.build())), Page.class);
    }

    static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void filtersByPatientNewestFirst() {
        Page page = get(params("patient", "105"));
        assertThat(page.items()).extracting(Item::requestId).containsExactly("b-4", "b-3", "b-2", "b-1", "b-0", "a-5");
        Item newest = page.items().get(0);
        assertThat(newest.user()).isEqualTo("bob");
        assertThat(newest.role()).isEqualTo("clinician");
        assertThat(newest.clinics()).containsExactly("SOUTH");
        assertThat(newest.action()).isEqualTo("search");
        assertThat(newest.patientIds()).containsExactly(7L, 105L, 13L);
        assertThat(newest.at()).isEqualTo("2026-11-21T08:00:04Z");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void filtersByUserActionAndTime() {
        assertThat(get(params("user", "bob")).items()).hasSize(5).allMatch(i -> i.user().equals("bob"));
        assertThat(get(params("action", "read", "limit", "500")).items()).hasSize(30);
        // a date is its whole UTC day
        assertThat(get(params("from", "2026-11-21")).items()).extracting(Item::user).containsOnly("bob").hasSize(5);
        assertThat(get(params("to", "2026-11-20")).items()).hasSize(30);
        // instants: from inclusive, to exclusive
        assertThat(get(params("from", "2026-11-20T08:29:00Z", "to", "2026-11-21T08:00:02Z")).items())
                .extracting(Item::requestId).containsExactly("b-1", "b-0", "a-29");
        assertThat(get(params("user", "alice", "patient", "105")).items()).extracting(Item::requestId).containsExactly("a-5");
    }

    @Test
    void pagesWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> p = params("user", "alice", "limit", "7");
            if (cursor != null) {
                p.put("cursor", cursor);
            }
            Page page = get(p);
            page.items().forEach(i -> {
                seen.add(i.requestId());
                times.add(Instant.parse(i.at()));
            });
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates();
        assertThat(seen).containsAll(List.of("a-0", "a-1", "a-2", "a-29"));
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void theWriterIsVisibleInTheMetrics() {
        String metrics = client.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/metrics")));
        assertThat(metrics).contains("audit_events_written_total{path=\"batch\"", "audit_events_queued",
                "audit_batches_failed_total", "audit_events_lost_total", "audit_batch_latency_seconds");
        assertThat(metrics.lines().filter(l -> l.startsWith("audit_events_written_total{path=\"batch\"")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).hasValueSatisfying(v ->
                assertThat(v).isGreaterThanOrEqualTo(35));
    }

    @Test
    void badParametersAre400sNamingTheField() {
        assertBad(params("limit", "0"), "limit");
        assertBad(params("limit", "501"), "limit");
        assertBad(params("limit", "ten"), "limit");
        assertBad(params("patient", "abc"), "patient");
        assertBad(params("patient", "-3"), "patient");
        assertBad(params("from", "yesterday"), "from");
        assertBad(params("to", "2026-13-01"), "to");
        assertBad(params("from", "2026-11-21", "to", "2026-11-20"), "to");
        assertBad(params("action", "delete"), "action");
        assertBad(params("user", " "), "user");
        assertBad(params("page", "2"), "page");
        assertBad(params("cursor", "not-a-cursor"), "cursor");
        // a cursor belongs to its query
        String cursor = get(params("user", "alice", "limit", "2")).nextCursor();
        assertBad(params("user", "bob", "limit", "2", "cursor", cursor), "cursor");
        assertBad(params("user", "alice", "limit", "2", "cursor", cursor.substring(0, cursor.length() - 2) + "xx"), "cursor");
    }

    private void assertBad(Map<String, String> params, String field) {
        UriBuilder uri = UriBuilder.of("/api/v1/admin/audit");
        params.forEach(uri::queryParam);
        try {
            client.toBlocking().exchange(TestTokens.ops(HttpRequest.GET(uri.build())), Argument.of(String.class), Argument.of(String.class));
        } catch (HttpClientResponseException e) {
            assertThat(e.getStatus().getCode()).as(params.toString()).isEqualTo(400);
            assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
            assertThat(e.getResponse().getBody(String.class).orElseThrow()).contains("\"field\":\"" + field + "\"");
            return;
        }
        throw new AssertionError("expected 400 for " + params);
    }
}
