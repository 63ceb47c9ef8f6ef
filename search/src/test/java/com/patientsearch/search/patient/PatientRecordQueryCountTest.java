package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.StatementCounting;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.appointment.AppointmentSearchParams;
import com.patientsearch.search.appointment.AppointmentSearchService;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.NotFoundException;
import io.hypersistence.utils.jdbc.validator.SQLStatementCountValidator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL each read and write costs, as numbers that must not grow with the data (hapi-fhir's
 * {@code FhirResourceDaoR4QueryCountTest} is the model), and the second-level cache held to the caller's clinics.
 * Every expected count is explained where it is asserted; change one only with a reason written next to it, never to
 * make a test pass. The budgets, for reading at a glance:
 *
 * <pre>
 * record, warm (patient, clinic, contacts, addresses, providers in the cache)   1: scope binding + visits, one trip
 * record, cold                                                                   3: + patient graph, providers
 * unknown id / another clinic's id                                               2: binding + visits, patient graph
 * another clinic's id held in the cache (a clinic-A read warmed it)              1: binding + visits (refused in Java)
 * search page (one statement, contacts inside)                                   2; with a clinic code 3; address 2
 * update of a warm patient (1 contact, 1 address replaced by 1 and 1)            7
 * merge of two warm patients                                                      3
 * record right after its update (collections evicted by the write)               3
 * create with 1 contact and 1 address                                            6
 * appointments: a patient's timeline 2, a provider's day 3, reason text 2 (+1 per provider or clinic named)
 * </pre>
 *
 * <p>datasource-proxy files a statement that starts with WITH or a parenthesis under "other", hence total counts
 * where the search and visit statements are involved.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientRecordQueryCountTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "clinician", Set.of("QC"), null);
    private static final CallerScope OTHER_CLINIC = CallerScope.of("test", "clinician", Set.of("QC2"), null);

    @Inject
    PatientRecordService records;
    @Inject
    PatientWriteService writes;
    @Inject
    PatientSearchService search;
    @Inject
    AppointmentSearchService appointments;
    @Inject
    SessionFactory sessionFactory;
    @Inject
    OwnerDatabase owner;

    private long sparse;
    private long busy;
    private long provider;
    private long otherClinicsPatient;
    private long written;
    private long merged;
    private long survivor;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("record_counts"));
        properties.putAll(StatementCounting.ENABLED);
        return properties;
    }

    @BeforeAll
    void fixtures() throws Exception {
        try (Connection connection = owner.connection();
             Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('QC', 'Query Count', 'America/Chicago'), ('QC2', 'Other', 'UTC')");
            s.execute("""
                    INSERT INTO provider (clinic_id, first_name, last_name, specialty)
                    SELECT c.id, 'Doctor', 'No' || i, 'family' FROM clinic c, generate_series(1, 5) i WHERE c.code = 'QC'""");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, v.mrn, 'Ada', v.last, date '1970-01-01', 'female'
                    FROM clinic, (VALUES ('Q-1', 'Sparse'), ('Q-2', 'Busy'), ('Q-3', 'Written'), ('Q-4', 'Merged'),
                                      ('Q-5', 'Survivor')) v(mrn, last) WHERE code = 'QC'""");
            try (ResultSet rs = s.executeQuery("SELECT id FROM patient ORDER BY mrn")) {
                long[] ids = new long[5];
                for (int i = 0; i < 5; i++) {
                    rs.next();
                    ids[i] = rs.getLong(1);
                }
                sparse = ids[0];
                busy = ids[1];
                written = ids[2];
                merged = ids[3];
                survivor = ids[4];
            }
            try (ResultSet rs = s.executeQuery("SELECT min(id) FROM provider")) {
                rs.next();
                provider = rs.getLong(1);
            }
            s.execute("INSERT INTO contact_info (patient_id, kind, phone, is_primary) VALUES (" + written + ", 'mobile', '555-0102', true)");
            s.execute("INSERT INTO address (patient_id, street, city, country) VALUES (" + written + ", '2 Main St', 'Springfield', 'US')");
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT id, 'O-1', 'Otto', 'Other', date '1960-01-01', 'male' FROM clinic WHERE code = 'QC2' RETURNING id""")) {
                rs.next();
                otherClinicsPatient = rs.getLong(1);
            }
            s.execute("INSERT INTO contact_info (patient_id, kind, phone, is_primary) VALUES (" + sparse + ", 'mobile', '555-0101', true)");
            s.execute("INSERT INTO address (patient_id, street, city, country) VALUES (" + sparse + ", '1 Main St', 'Springfield', 'US')");
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT %d, 'home', '555-01' || lpad(i::text, 2, '0'), 'busy' || i || '@example.com', i = 1
                    FROM generate_series(1, 8) i""".formatted(busy));
            s.execute("""
                    INSERT INTO address (patient_id, street, city, country)
                    SELECT %d, i || ' Elm St', 'Springfield', 'US' FROM generate_series(1, 8) i""".formatted(busy));
            // 30 appointments: 15 ahead, 15 behind, with every provider; reasons for the text search
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status, reason)
                    SELECT %d, (SELECT min(id) FROM provider) + i %% 5, (SELECT id FROM clinic WHERE code = 'QC'),
                           now() + (i - 15) * interval '7 days', now() + (i - 15) * interval '7 days' + interval '30 minutes',
                           CASE WHEN i < 15 THEN 'completed' ELSE 'scheduled' END,
                           CASE WHEN i %% 2 = 0 THEN 'Back pain' ELSE 'Medication refill' END
                    FROM generate_series(0, 29) i""".formatted(busy));
        }
    }

    /**
     * Reads the record until the cache holds it whole. Right after an eviction Infinispan refuses puts from loads that
     * started before it ended, so on a slow machine the first read after {@link #cold()} may not fill the cache: wait
     * for the condition, not a fixed number of reads.
     */
    private void warm(long id) {
        org.hibernate.Cache cache = sessionFactory.getCache();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            PatientRecord record = records.get(CALLER, id);
            boolean whole = cache.containsEntity(Patient.class, id)
                    && cache.containsCollection(Patient.class.getName() + ".contacts", id)
                    && cache.containsCollection(Patient.class.getName() + ".addresses", id)
                    && java.util.stream.Stream.concat(record.upcomingAppointments().stream(), record.pastAppointments().stream())
                    .allMatch(v -> cache.containsEntity(com.patientsearch.domain.clinic.Provider.class, v.providerId()));
            if (whole) {
                return;
            }
            assertThat(System.nanoTime()).as("the record of patient %d never stayed in the cache", id).isLessThan(deadline);
        }
    }

    private void cold() {
        sessionFactory.getCache().evictAllRegions();
    }

    @Test
    void aColdRecordCostsThreeStatementsWhateverItsSize() {
        cold();
        SQLStatementCountValidator.reset();
        PatientRecord large = records.get(CALLER, busy);
        // 1: the caller's clinics handed to row-level security (SELECT set_config(...)) sent together with the next
        // and the last ten visits (one UNION ALL): one execution, one round trip;
        // 2: patient + clinic + contacts + addresses through the entity graph (one statement, two Set joins);
        // 3: the visits' five providers in one batch by id
        SQLStatementCountValidator.assertTotalCount(3);
        assertThat(large.contacts()).hasSize(8);
        assertThat(large.addresses()).hasSize(8);
        assertThat(large.upcomingAppointments()).hasSize(10)
                .isSortedAccordingTo(Comparator.comparing(PatientRecord.Visit::startsAt));
        assertThat(large.pastAppointments()).hasSize(10)
                .isSortedAccordingTo(Comparator.comparing(PatientRecord.Visit::startsAt).reversed());
        assertThat(large.upcomingAppointments()).allSatisfy(v -> assertThat(v.providerName()).startsWith("Doctor No"));

        SQLStatementCountValidator.reset();
        PatientRecord small = records.get(CALLER, sparse);
        // the same, less the providers: no visits, so no provider to load
        SQLStatementCountValidator.assertTotalCount(2);
        assertThat(small.contacts()).hasSize(1);
        assertThat(small.upcomingAppointments()).isEmpty();
    }

    @Test
    void aWarmRecordCostsOneStatement() {
        warm(busy);
        Statistics statistics = sessionFactory.getStatistics();
        long hits = statistics.getSecondLevelCacheHitCount();
        long puts = statistics.getSecondLevelCachePutCount();

        SQLStatementCountValidator.reset();
        PatientRecord warm = records.get(CALLER, busy);
        // 1: the scope binding and the visits, sent together. Patient, clinic, both collections, their 16 elements and
        // the five providers come from the second-level cache.
        SQLStatementCountValidator.assertTotalCount(1);
        assertThat(warm.contacts()).hasSize(8);
        assertThat(warm.upcomingAppointments()).hasSize(10);
        assertThat(warm.upcomingAppointments()).allSatisfy(v -> assertThat(v.providerName()).startsWith("Doctor No"));
        // patient + clinic + 2 collections + 16 children + 5 providers, and nothing put again
        assertThat(statistics.getSecondLevelCacheHitCount() - hits).isGreaterThanOrEqualTo(25);
        assertThat(statistics.getSecondLevelCachePutCount() - puts).isZero();
    }

    @Test
    void anUnknownPatientCostsTwoStatements() {
        cold();
        SQLStatementCountValidator.reset();
        assertThatThrownBy(() -> records.get(CALLER, Long.MAX_VALUE)).isInstanceOf(NotFoundException.class);
        // the row-security binding with the visits (none), then the patient graph that finds nothing
        SQLStatementCountValidator.assertTotalCount(2);
    }

    @Test
    void anotherClinicsPatientIsNotFoundAtTheSameCost() {
        cold();
        SQLStatementCountValidator.reset();
        // 404, like an unknown id: row-level security hides the row, so the miss finds nothing
        assertThatThrownBy(() -> records.get(OTHER_CLINIC, busy)).isInstanceOf(NotFoundException.class);
        SQLStatementCountValidator.assertTotalCount(2);
    }

    /**
     * A cache hit runs no SQL, so no policy sees it: PatientLoader's clinic check is all that stands between a patient
     * a clinic-A read put in the cache and a clinic-B caller. Every path that loads a patient goes through it.
     */
    @Test
    void aPatientCachedByClinicAIsNotFoundForClinicBThroughEveryPath() {
        warm(sparse);
        PatientRecord read = records.get(CALLER, sparse);
        Statistics statistics = sessionFactory.getStatistics();
        long hits = statistics.getSecondLevelCacheHitCount();

        SQLStatementCountValidator.reset();
        assertThatThrownBy(() -> records.get(OTHER_CLINIC, sparse)).isInstanceOf(NotFoundException.class);
        // only the scope binding with the visits (none: scoped to B): the patient came from the cache and was refused
        // in Java, not by the database
        SQLStatementCountValidator.assertTotalCount(1);
        assertThat(statistics.getSecondLevelCacheHitCount()).isGreaterThan(hits);

        PatientWrite update = new PatientWrite(null, null, "Eve", null, "Intruder", "1970-01-01", "female", null,
                read.version(), List.of(), List.of());
        assertThatThrownBy(() -> writes.update(OTHER_CLINIC, sparse, update)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> writes.merge(OTHER_CLINIC, sparse, new PatientWrite.Merge(otherClinicsPatient, read.version())))
                .isInstanceOf(NotFoundException.class);
        // as the survivor of a merge of B's own patient: not a known patient either
        assertThatThrownBy(() -> writes.merge(OTHER_CLINIC, otherClinicsPatient, new PatientWrite.Merge(sparse, 0L)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("survivorId"));
        assertThat(appointments.search(OTHER_CLINIC, new AppointmentSearchParams(String.valueOf(sparse), null, null,
                null, null, null, null, null, null)).items()).isEmpty();
        // and nothing changed: A still reads the same version
        assertThat(records.get(CALLER, sparse).version()).isEqualTo(read.version());
    }

    @Test
    void writesHaveTheirBudgets() {
        warm(written);
        PatientRecord before = records.get(CALLER, written);
        PatientWrite body = new PatientWrite(null, null, "Adah", null, "Written", "1970-01-01", "female", null,
                before.version(), List.of(new PatientWrite.ContactWrite("mobile", "555-0199", null, true)),
                List.of(new PatientWrite.AddressWrite("2 Main St", "Springfield", null, null, "US")));
        SQLStatementCountValidator.reset();
        PatientRecord updated = writes.update(CALLER, written, body);
        // 1 scope binding; the patient graph from the cache (0); 2 deletes of the replaced contact and address
        // (flushed before their replacements); 2 inserts of the new ones (identity keys: one INSERT each, the contact's
        // RETURNING its generated phone_digits too); 1 UPDATE of the renamed patient with its version check; 1 visits
        // statement for the returned record (no visits: no providers). The name-token trigger runs inside the UPDATE.
        SQLStatementCountValidator.assertTotalCount(7);
        assertThat(updated.contacts()).extracting(PatientRecord.Contact::phone).containsExactly("555-0199");

        warm(merged);
        warm(survivor);
        long mergedVersion = records.get(CALLER, merged).version();
        long survivorVersion = records.get(CALLER, survivor).version();
        SQLStatementCountValidator.reset();
        writes.merge(CALLER, merged, new PatientWrite.Merge(survivor, mergedVersion));
        // 1 scope binding; both patients from the cache (0); 1 UPDATE of the merged one (the survivor is not written);
        // 1 visits statement for the returned record
        SQLStatementCountValidator.assertTotalCount(3);
        assertThat(records.get(CALLER, survivor).version()).isEqualTo(survivorVersion);

        SQLStatementCountValidator.reset();
        records.get(CALLER, written);
        // after the update: the patient was re-cached by the write, its two collections were evicted with the change,
        // so the scope binding with the visits, the contacts, the addresses; once re-cached, warm again (1)
        SQLStatementCountValidator.assertTotalCount(3);
        warm(written);
        SQLStatementCountValidator.reset();
        records.get(CALLER, written);
        SQLStatementCountValidator.assertTotalCount(1);

        SQLStatementCountValidator.reset();
        writes.create(CALLER, new PatientWrite("QC", "Q-NEW", "Cy", null, "Created", "1999-09-09", "male", null, null,
                List.of(new PatientWrite.ContactWrite("mobile", "555-0123", null, true)),
                List.of(new PatientWrite.AddressWrite("3 Main St", "Springfield", null, "62704", "US"))));
        // 1 scope binding; the clinic by natural id from the cache (0); 1 mrn check; 1 patient INSERT; 1 contact and
        // 1 address INSERT; 1 visits statement for the returned record
        SQLStatementCountValidator.assertTotalCount(6);
    }

    @Test
    void aSearchPageCostsOneStatementPlusTheClinicLookup() {
        SQLStatementCountValidator.reset();
        search.search(CALLER, new PatientSearchParams(null, "ada busy", null, null, null, null, null, null, null, null, null));
        // the row-security binding (a SELECT), then the whole search, contacts of the page included, in one statement
        SQLStatementCountValidator.assertTotalCount(2);
        SQLStatementCountValidator.assertSelectCount(1);

        SQLStatementCountValidator.reset();
        search.search(CALLER, new PatientSearchParams("QC", "ada", null, null, null, null, null, null, null, "1", null));
        // + the clinic code lookup (a plain SELECT)
        SQLStatementCountValidator.assertTotalCount(3);
        SQLStatementCountValidator.assertSelectCount(2);

        SQLStatementCountValidator.reset();
        search.search(CALLER, new PatientSearchParams(null, null, null, null, null, null, null, null, null, null, null, "elm st springfield"));
        // an address search is one statement too: the matching addresses are a sub-select of it
        SQLStatementCountValidator.assertTotalCount(2);
    }

    @Test
    void appointmentSearchesHaveTheirBudgets() {
        SQLStatementCountValidator.reset();
        assertThat(appointments.search(CALLER, new AppointmentSearchParams(String.valueOf(busy), null, null, null, null,
                null, null, null, null)).items()).hasSize(20);
        // the scope binding, the page (patient, provider and clinic names joined in)
        SQLStatementCountValidator.assertTotalCount(2);

        SQLStatementCountValidator.reset();
        appointments.search(CALLER, new AppointmentSearchParams(null, String.valueOf(provider), "2026-01-01", null, null,
                null, null, null, null));
        // + the provider's clinic time zone, to cut the day
        SQLStatementCountValidator.assertTotalCount(3);

        SQLStatementCountValidator.reset();
        assertThat(appointments.search(CALLER, new AppointmentSearchParams(null, null, null, null, null, null, null, "100",
                null, "back pain")).items()).hasSize(15);
        // the scope binding, the ranked page (names joined for its rows only)
        SQLStatementCountValidator.assertTotalCount(2);

        SQLStatementCountValidator.reset();
        appointments.search(CALLER, new AppointmentSearchParams(null, String.valueOf(provider), null, "QC", "2026-01-01",
                "2026-12-31", null, null, null, "refill"));
        // + the provider's and the clinic's lookups (each checks the caller may see it, and gives the time zone)
        SQLStatementCountValidator.assertTotalCount(4);
    }
}
