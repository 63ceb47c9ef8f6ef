package com.patientsearch.search.patient;

import com.patientsearch.domain.clinic.Provider;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.search.common.CallerClinicsSql;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A patient's record (PatientRecordQueryCountTest counts it): the caller's clinics handed to row-level security and
 * the next and the last {@value #VISITS} appointments in one round trip, each side bounded by LIMIT in the database;
 * the patient with clinic, contacts and addresses through {@link PatientLoader} (the record's entity graph: no SQL when
 * the second-level cache holds it, one statement when not); the visits' providers by id, from the cache (one batch
 * statement for those it lacks). Warm: one statement (the binding and the visits); cold: three.
 */
@Singleton
public class PatientRecordService {

    static final int VISITS = 10;

    /** Both sides of today, one round trip; the page's rows only, never the patient's whole history. */
    private static final String VISITS_AROUND = """
            (SELECT true AS upcoming, a.id, a.starts_at, a.ends_at, a.status, a.reason, a.provider_id
             FROM appointment a
             WHERE a.patient_id = ? AND a.clinic_id = ANY (%1$s) AND a.starts_at >= ?
             ORDER BY a.starts_at, a.id LIMIT %2$d)
            UNION ALL
            (SELECT false, a.id, a.starts_at, a.ends_at, a.status, a.reason, a.provider_id
             FROM appointment a
             WHERE a.patient_id = ? AND a.clinic_id = ANY (%1$s) AND a.starts_at < ?
             ORDER BY a.starts_at DESC, a.id DESC LIMIT %2$d)""".formatted(CallerClinicsSql.IDS, VISITS);

    private final EntityManager entityManager;
    private final PatientLoader patients;
    private final Clock clock;

    @Inject
    PatientRecordService(EntityManager entityManager, PatientLoader patients) {
        this(entityManager, patients, Clock.systemUTC());
    }

    PatientRecordService(EntityManager entityManager, PatientLoader patients, Clock clock) {
        this.entityManager = entityManager;
        this.patients = patients;
        this.clock = clock;
    }

    /**
     * The scope binding travels with the visits statement (one round trip), and both run before the patient is loaded:
     * a warm patient then costs no further SQL, a cold one is loaded under the binding like any miss. The visits of a
     * patient the caller may not see are never used: the load refuses it first (and both queries are scoped anyway).
     */
    @ReadOnly
    public PatientRecord get(CallerScope caller, long id) {
        Session session = entityManager.unwrap(Session.class);
        List<VisitRow> rows = visits(session, caller, id, clock.instant(), true);
        return assemble(patients.load(caller, id), rows, session);
    }

    /** The record, in a transaction already bound to the caller's clinics (PatientWriteService returns it). */
    PatientRecord load(CallerScope caller, long id) {
        return toRecord(patients.load(caller, id), caller);
    }

    /** The record of a patient already loaded (and clinic-checked) in this transaction. */
    PatientRecord toRecord(Patient patient, CallerScope caller) {
        Session session = entityManager.unwrap(Session.class);
        return assemble(patient, visits(session, caller, patient.getId(), clock.instant(), false), session);
    }

    private static PatientRecord assemble(Patient patient, List<VisitRow> rows, Session session) {
        // References first, then read: each initialises from the provider cache, and those it lacks load together in
        // one batch (default_batch_fetch_size), which skips the cached ones. multiLoad queried every id, cached or not.
        Map<Long, Provider> providers = rows.stream().map(VisitRow::providerId).distinct()
                .collect(Collectors.toMap(Function.identity(), providerId -> session.getReference(Provider.class, providerId)));
        List<PatientRecord.Visit> upcoming = rows.stream().filter(VisitRow::upcoming)
                .sorted(Comparator.comparing(VisitRow::startsAt).thenComparing(VisitRow::id))
                .map(r -> r.visit(providers)).toList();
        List<PatientRecord.Visit> past = rows.stream().filter(r -> !r.upcoming())
                .sorted(Comparator.comparing(VisitRow::startsAt).thenComparing(VisitRow::id).reversed())
                .map(r -> r.visit(providers)).toList();
        return toRecord(patient, upcoming, past);
    }

    /** @param bind whether the caller's clinics are bound first, in the same round trip (RowSecurity.BIND_FIRST) */
    private static List<VisitRow> visits(Session session, CallerScope caller, long patientId, Instant now, boolean bind) {
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(bind ? RowSecurity.BIND_FIRST + VISITS_AROUND : VISITS_AROUND)) {
                java.sql.Array clinics = connection.createArrayOf("text", caller.clinics().toArray());
                Timestamp at = Timestamp.from(now);
                int i = bind ? RowSecurity.bindFirst(statement, caller) : 1;
                statement.setLong(i++, patientId);
                statement.setArray(i++, clinics);
                statement.setTimestamp(i++, at);
                statement.setLong(i++, patientId);
                statement.setArray(i++, clinics);
                statement.setTimestamp(i, at);
                statement.execute();
                if (bind) {
                    statement.getMoreResults(); // past set_config's row to the visits
                }
                List<VisitRow> rows = new ArrayList<>();
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) {
                        rows.add(new VisitRow(rs.getBoolean(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6), rs.getLong(7)));
                    }
                }
                return rows;
            }
        });
    }

    private record VisitRow(boolean upcoming, long id, Instant startsAt, Instant endsAt, String status, String reason,
                            long providerId) {

        PatientRecord.Visit visit(Map<Long, Provider> providers) {
            Provider provider = providers.get(providerId);
            return new PatientRecord.Visit(id, startsAt, endsAt, status, reason, providerId,
                    provider == null ? null : provider.getDisplayName());
        }
    }

    static PatientRecord toRecord(Patient p, List<PatientRecord.Visit> upcoming, List<PatientRecord.Visit> past) {
        return new PatientRecord(
                p.getId(), p.getClinic().getCode(), p.getMrn(), p.getFirstName(), p.getMiddleName(), p.getLastName(),
                p.getDateOfBirth(), p.getGender().code(), p.getStatus().code(),
                // the id of a lazy proxy is known without loading it
                p.getMergedInto() == null ? null : p.getMergedInto().getId(),
                p.getVersion(), p.getCreatedAt(), p.getUpdatedAt(),
                p.getContacts().stream().map(c -> new PatientRecord.Contact(
                        c.getId(), c.getKind().code(), c.getPhone(), c.getEmail(), c.isPrimary())).toList(),
                p.getAddresses().stream().map(a -> new PatientRecord.Address(
                        a.getId(), a.getStreet(), a.getCity(), a.getRegion(), a.getPostalCode(), a.getCountry())).toList(),
                upcoming, past);
    }
}
