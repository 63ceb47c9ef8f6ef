package com.patientsearch.search.appointment;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.Page;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code text=} on the appointment search: English stemming ("refil" finds "refill", "medication" finds
 * "medications"), web-search syntax, best match first with a stable keyset order, combined with patient, provider,
 * clinic and a date range, never another clinic's appointments. Exact ids, in order.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppointmentTextSearchTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "front_desk", Set.of("TXT"), null);
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Inject
    AppointmentSearchService search;
    @Inject
    OwnerDatabase owner;

    private long ann;
    private long bob;
    private long firstProvider;
    private long secondProvider;
    private long otherClinicsProvider;
    private long backPain;
    private long backPainTwice;
    private long backPainLater;
    private long refill;
    private long refillReworded;
    private long otherClinicsBackPain;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("appointment_text");
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection c = owner.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('TXT', 'Text', 'America/Chicago'), ('TXT2', 'Other', 'UTC')");
            firstProvider = AppointmentSearchTest.id(s, "INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Pat', 'One' FROM clinic WHERE code = 'TXT' RETURNING id");
            secondProvider = AppointmentSearchTest.id(s, "INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Pat', 'Two' FROM clinic WHERE code = 'TXT' RETURNING id");
            otherClinicsProvider = AppointmentSearchTest.id(s, "INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Pat', 'Three' FROM clinic WHERE code = 'TXT2' RETURNING id");
            ann = AppointmentSearchTest.id(s, "INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender) SELECT id, 'T-1', 'Ann', 'Ames', date '1970-01-01', 'female' FROM clinic WHERE code = 'TXT' RETURNING id");
            bob = AppointmentSearchTest.id(s, "INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender) SELECT id, 'T-2', 'Bob', 'Burr', date '1971-01-01', 'male' FROM clinic WHERE code = 'TXT' RETURNING id");
            long carl = AppointmentSearchTest.id(s, "INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender) SELECT id, 'T-3', 'Carl', 'Cole', date '1972-01-01', 'male' FROM clinic WHERE code = 'TXT2' RETURNING id");
            backPain = appointment(c, ann, firstProvider, "2026-03-01T09:00", "Back pain");
            backPainTwice = appointment(c, bob, secondProvider, "2026-03-02T09:00", "Lower back pain at night; back pain since a fall");
            refill = appointment(c, ann, secondProvider, "2026-03-05T10:00", "Medication refill");
            refillReworded = appointment(c, bob, firstProvider, "2026-03-06T10:00", "Refill of blood pressure medications");
            appointment(c, ann, firstProvider, "2026-03-07T10:00", "Headache");
            backPainLater = appointment(c, ann, firstProvider, "2026-03-08T10:00", "Back pain");
            appointment(c, ann, firstProvider, "2026-03-09T10:00", null);
            otherClinicsBackPain = appointment(c, carl, otherClinicsProvider, "2026-03-01T09:00", "Back pain");
            s.execute("ANALYZE appointment");
        }
    }

    private long appointment(Connection c, long patient, long provider, String localStart, String reason) throws Exception {
        var start = LocalDateTime.parse(localStart).atZone(CHICAGO).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status, reason)
                SELECT ?, id, clinic_id, ?, ?, 'completed', ? FROM provider WHERE id = ? RETURNING id""")) {
            ps.setLong(1, patient);
            ps.setObject(2, start);
            ps.setObject(3, start.plusMinutes(30));
            ps.setString(4, reason);
            ps.setLong(5, provider);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static AppointmentSearchParams text(String text, String patient, String provider, String clinic,
                                                String from, String to, String limit, String cursor) {
        return new AppointmentSearchParams(patient, provider, null, clinic, from, to, null, limit, cursor, text);
    }

    private List<Long> ids(AppointmentSearchParams params) {
        return search.search(CALLER, params).items().stream().map(AppointmentHit::id).toList();
    }

    @Test
    void bestMatchFirstThenNewestFirst() {
        Page<AppointmentHit> page = search.search(CALLER, text("back pain", null, null, null, null, null, null, null));
        // twice the words ranks above once; the two equal "Back pain" visits: the later first; never TXT2's
        assertThat(page.items()).extracting(AppointmentHit::id).containsExactly(backPainTwice, backPainLater, backPain);
        assertThat(page.items().get(0).score()).isGreaterThan(page.items().get(1).score());
        assertThat(page.items().get(1).score()).isEqualTo(page.items().get(2).score());
        assertThat(page.items().get(0).patientName()).isEqualTo("Bob Burr");
        assertThat(page.items().get(0).providerName()).isEqualTo("Pat Two");
    }

    @Test
    void englishStemmingFindsWhatWasMeant() {
        // "refil" and "refill" stem alike, as do "medication" and "medications": both visits, the later first at equal rank
        assertThat(ids(text("medication refil", null, null, null, null, null, null, null)))
                .containsExactlyInAnyOrder(refill, refillReworded);
        assertThat(ids(text("refills", null, null, null, null, null, null, null)))
                .containsExactlyInAnyOrder(refill, refillReworded);
    }

    @Test
    void webSearchSyntax() {
        assertThat(ids(text("pain -lower", null, null, null, null, null, null, null))).containsExactly(backPainLater, backPain);
        assertThat(ids(text("\"blood pressure\"", null, null, null, null, null, null, null))).containsExactly(refillReworded);
        assertThat(ids(text("headache or refill", null, null, null, null, null, null, null))).hasSize(3);
        // only stop words: nothing to match, an empty page rather than an error
        assertThat(ids(text("the", null, null, null, null, null, null, null))).isEmpty();
    }

    @Test
    void combinesWithPatientProviderClinicAndDates() {
        assertThat(ids(text("back pain", String.valueOf(ann), null, null, null, null, null, null)))
                .containsExactly(backPainLater, backPain);
        assertThat(ids(text("back pain", null, String.valueOf(secondProvider), null, null, null, null, null)))
                .containsExactly(backPainTwice);
        assertThat(ids(text("back pain", null, null, "TXT", "2026-03-01", "2026-03-02", null, null)))
                .containsExactly(backPainTwice, backPain);
        // the clinic's day: 2026-03-01 in Chicago
        assertThat(ids(text("back pain", String.valueOf(ann), String.valueOf(firstProvider), "TXT", "2026-03-01", "2026-03-01", null, null)))
                .containsExactly(backPain);
        assertThat(ids(new AppointmentSearchParams(null, null, "2026-03-08", null, null, null, null, null, null, "back pain")))
                .containsExactly(backPainLater);
    }

    @Test
    void pagesWithAStableKeyset() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<AppointmentHit> page = search.search(CALLER, text("back pain", null, null, null, null, null, "1", cursor));
            page.items().forEach(hit -> seen.add(hit.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).containsExactly(backPainTwice, backPainLater, backPain);
    }

    @Test
    void anotherClinicsAppointmentsStayHidden() {
        assertThat(ids(text("back pain", null, null, null, null, null, null, null))).doesNotContain(otherClinicsBackPain);
        assertThatThrownBy(() -> ids(text("back pain", null, String.valueOf(otherClinicsProvider), null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("provider"));
        assertThatThrownBy(() -> ids(text("back pain", null, null, "TXT2", null, null, null, null)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("clinic"));
        CallerScope other = CallerScope.of("test", "front_desk", Set.of("TXT2"), null);
        assertThat(search.search(other, text("back pain", null, null, null, null, null, null, null)).items())
                .extracting(AppointmentHit::id).containsExactly(otherClinicsBackPain);
    }

    @Test
    void badInputNamesItsField() {
        assertThatThrownBy(() -> ids(text("x".repeat(201), null, null, null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("text"));
        assertThatThrownBy(() -> ids(text("pain", null, null, null, "2026-03-05", "2026-03-01", null, null)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> ids(text("pain", "abc", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("patient"));
    }

    @Test
    void scoresAreNonIncreasingDownThePage() {
        List<AppointmentHit> hits = search.search(CALLER, text("pain or refill or headache", null, null, null, null, null, null, null)).items();
        assertThat(hits).hasSize(6);
        assertThat(hits).isSortedAccordingTo(Comparator.comparing(AppointmentHit::score).reversed()
                .thenComparing(AppointmentHit::startsAt, Comparator.reverseOrder()));
    }

    private static AppointmentSearchParams recent(String text, String clinic, String from, String to, String limit, String cursor) {
        return new AppointmentSearchParams(null, null, null, clinic, from, to, null, limit, cursor, text, "recent");
    }

    @Test
    void sortRecentListsTheMatchesNewestFirst() {
        // the same three matches as best-first, by time: the twice-matching visit of 2 March falls between the others
        assertThat(ids(recent("back pain", null, null, null, null, null))).containsExactly(backPainLater, backPainTwice, backPain);
        assertThat(ids(recent("back pain", "TXT", "2026-03-01", "2026-03-02", null, null))).containsExactly(backPainTwice, backPain);
        assertThat(ids(recent("medication refil", "TXT", "2026-03-01", "2026-03-31", null, null))).containsExactly(refillReworded, refill);
        assertThat(search.search(CALLER, recent("back pain", null, null, null, null, null)).items())
                .allSatisfy(hit -> assertThat(hit.score()).isPositive());
    }

    @Test
    void sortRecentPagesWithAStableKeyset() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<AppointmentHit> page = search.search(CALLER, recent("pain or refill", "TXT", "2026-03-01", "2026-03-31", "2", cursor));
            page.items().forEach(hit -> seen.add(hit.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).containsExactly(backPainLater, refillReworded, refill, backPainTwice, backPain);
    }

    @Test
    void sortNamesItsField() {
        assertThatThrownBy(() -> ids(new AppointmentSearchParams(null, null, null, null, null, null, null, null, null, "pain", "oldest")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("sort"));
        assertThatThrownBy(() -> ids(new AppointmentSearchParams(String.valueOf(ann), null, null, null, null, null, null, null, null, null, "recent")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("sort"));
        // a best-first page's cursor does not continue a newest-first search
        String bestFirst = search.search(CALLER, text("back pain", null, null, null, null, null, "1", null)).nextCursor();
        assertThatThrownBy(() -> ids(recent("back pain", null, null, null, "1", bestFirst)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }
}
