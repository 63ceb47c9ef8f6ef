package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.NotFoundException;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.jpa.SpecHints;

import java.util.Map;

/**
 * The one way the services load a patient by id (record, update, merge and its survivor, the record a write returns):
 * {@code find} through the record's entity graph, so a warm patient, with clinic, contacts and addresses, comes from
 * the second-level cache without SQL, and a cold one costs one statement.
 *
 * <p>A cache hit runs no SQL, so no row-level-security policy sees it: the clinic check below is what keeps a patient
 * cached by a clinic-A read from a clinic-B caller. A miss is checked twice (the policy already hid the row). Another
 * clinic's patient is "not found", never "forbidden", so ids cannot be probed.
 */
@Singleton
class PatientLoader {

    private final EntityManager entityManager;

    PatientLoader(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Must run in a transaction bound to the caller ({@code RowSecurity.bind}), so a miss is scoped too. */
    Patient load(CallerScope caller, long id) {
        Patient patient = entityManager.find(Patient.class, id,
                Map.of(SpecHints.HINT_SPEC_FETCH_GRAPH, entityManager.getEntityGraph(Patient.RECORD_GRAPH)));
        if (patient == null || !caller.maySee(patient.getClinic().getCode())) {
            throw new NotFoundException("patient", id);
        }
        return patient;
    }
}
