package com.patientsearch.app.fhir;

import com.patientsearch.persistence.resilience.RetryTransientReads;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.CursorCodec;
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.PatientRecord;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FHIR patient search: one keyset-paged statement ({@link FhirPatientSql}) and, for the page only, one statement for
 * its contacts and one for its addresses. Scoped like the API's services: the statement filters by the caller's
 * clinics, and row-level security is bound first ({@link RowSecurity#bind}).
 */
@Singleton
class FhirPatientSearch {

    private final EntityManager entityManager;
    private final CursorCodec cursors;

    FhirPatientSearch(EntityManager entityManager, CursorCodec cursors) {
        this.entityManager = entityManager;
        this.cursors = cursors;
    }

    @RetryTransientReads
    @ReadOnly
    Page<PatientRecord> search(CallerScope caller, FhirPatientQuery query) {
        String fingerprint = query.fingerprint();
        List<String> after = query.cursor() == null ? null
                : cursors.decode(caller, query.cursor(), fingerprint, query.recentFirst() ? 2 : 3);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            RowSecurity.bind(connection, caller);
            FhirPatientSql statement;
            try {
                statement = FhirPatientSql.build(query, List.copyOf(caller.clinics()), after, query.count() + 1);
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new InvalidParameterException(FhirLinks.CURSOR, "is malformed");
            }
            List<Row> rows = rows(connection, statement);
            boolean more = rows.size() > query.count();
            List<Row> page = more ? rows.subList(0, query.count()) : rows;
            String next = null;
            if (more) {
                Row last = page.get(page.size() - 1);
                next = cursors.encode(caller, fingerprint, query.recentFirst()
                        ? List.of(last.updatedAt().toString(), String.valueOf(last.id()))
                        : List.of(last.lastNorm(), last.firstNorm(), String.valueOf(last.id())));
            }
            Long[] ids = page.stream().map(Row::id).toArray(Long[]::new);
            Map<Long, List<PatientRecord.Contact>> contacts = contacts(connection, ids);
            Map<Long, List<PatientRecord.Address>> addresses = addresses(connection, ids);
            List<PatientRecord> records = page.stream().map(r -> r.record(
                    contacts.getOrDefault(r.id(), List.of()), addresses.getOrDefault(r.id(), List.of()))).toList();
            return new Page<>(records, next);
        });
    }

    private static List<Row> rows(Connection connection, FhirPatientSql statement) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
            bind(ps, statement.binds());
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.from(rs));
                }
            }
            return rows;
        }
    }

    static void bind(PreparedStatement ps, List<Object> binds) throws SQLException {
        for (int i = 0; i < binds.size(); i++) {
            ps.setObject(i + 1, binds.get(i));
        }
    }

    private static Map<Long, List<PatientRecord.Contact>> contacts(Connection connection, Long[] ids) throws SQLException {
        Map<Long, List<PatientRecord.Contact>> byPatient = new HashMap<>();
        if (ids.length == 0) {
            return byPatient;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT patient_id, id, kind, phone, email, is_primary FROM contact_info
                WHERE patient_id = ANY (?::bigint[]) ORDER BY patient_id, is_primary DESC, id""")) {
            ps.setObject(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byPatient.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new PatientRecord.Contact(
                            rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)));
                }
            }
        }
        return byPatient;
    }

    private static Map<Long, List<PatientRecord.Address>> addresses(Connection connection, Long[] ids) throws SQLException {
        Map<Long, List<PatientRecord.Address>> byPatient = new HashMap<>();
        if (ids.length == 0) {
            return byPatient;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT patient_id, id, street, city, region, postal_code, country FROM address
                WHERE patient_id = ANY (?::bigint[]) ORDER BY patient_id, id""")) {
            ps.setObject(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byPatient.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new PatientRecord.Address(
                            rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return byPatient;
    }

    private record Row(long id, String clinic, String mrn, String firstName, String middleName, String lastName,
                       LocalDate dateOfBirth, String gender, String status, Long mergedInto, long version,
                       OffsetDateTime createdAt, OffsetDateTime updatedAt, String lastNorm, String firstNorm) {

        static Row from(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("id"), rs.getString("clinic"), rs.getString("mrn"), rs.getString("first_name"),
                    rs.getString("middle_name"), rs.getString("last_name"), rs.getObject("date_of_birth", LocalDate.class),
                    rs.getString("gender"), rs.getString("status"), rs.getObject("merged_into_id", Long.class), rs.getLong("version"),
                    rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                    rs.getString("last_name_norm"), rs.getString("first_name_norm"));
        }

        PatientRecord record(List<PatientRecord.Contact> contacts, List<PatientRecord.Address> addresses) {
            return new PatientRecord(id, clinic, mrn, firstName, middleName, lastName, dateOfBirth, gender, status,
                    mergedInto, version, createdAt.toInstant(), updatedAt.toInstant(), contacts, addresses, List.of(), List.of());
        }
    }
}
