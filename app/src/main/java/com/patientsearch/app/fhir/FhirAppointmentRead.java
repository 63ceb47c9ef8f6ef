package com.patientsearch.app.fhir;

import com.patientsearch.persistence.resilience.RetryTransientReads;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.search.appointment.AppointmentHit;
import com.patientsearch.search.common.CallerClinicsSql;
import com.patientsearch.search.common.NotFoundException;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;

/** {@code Appointment/{id}}: one statement on the primary key, at the caller's clinics, row-level security bound. */
@Singleton
class FhirAppointmentRead {

    private static final String SQL = """
            SELECT a.id, a.patient_id, p.first_name || ' ' || p.last_name AS patient_name,
                   a.provider_id, pr.first_name || ' ' || pr.last_name AS provider_name, c.code AS clinic,
                   a.starts_at, a.ends_at, a.status, a.reason
            FROM appointment a
            JOIN patient p ON p.id = a.patient_id
            JOIN provider pr ON pr.id = a.provider_id
            JOIN clinic c ON c.id = a.clinic_id
            WHERE a.id = ? AND a.clinic_id = ANY (""" + CallerClinicsSql.IDS + ")";

    private final EntityManager entityManager;

    FhirAppointmentRead(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @RetryTransientReads
    @ReadOnly
    AppointmentHit get(CallerScope caller, long id) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            RowSecurity.bind(connection, caller);
            try (PreparedStatement ps = connection.prepareStatement(SQL)) {
                ps.setLong(1, id);
                ps.setObject(2, caller.clinics().toArray(String[]::new));
                try (ResultSet rs = ps.executeQuery()) {
                    // Another clinic's appointment is "not found", never "forbidden": ids cannot be probed.
                    if (!rs.next()) {
                        throw new NotFoundException("appointment", id);
                    }
                    return new AppointmentHit(rs.getLong("id"), rs.getLong("patient_id"), rs.getString("patient_name"),
                            rs.getLong("provider_id"), rs.getString("provider_name"), rs.getString("clinic"),
                            rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("ends_at", OffsetDateTime.class).toInstant(), rs.getString("status"), rs.getString("reason"), null);
                }
            }
        });
    }
}
