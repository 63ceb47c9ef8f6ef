package com.patientsearch.search.patient;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import org.hibernate.Session;
import com.patientsearch.domain.appointment.Appointment;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.search.common.NotFoundException;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A patient's record in four statements, however many children it has (PatientRecordQueryCountTest): the caller's
 * clinics handed to row-level security, the patient
 * with clinic, contacts and addresses fetch-joined (two Sets, so no cartesian bag), then the next and the last
 * {@value #VISITS} appointments with their providers, each bounded by LIMIT in the database.
 */
@Singleton
public class PatientRecordService {

    static final int VISITS = 10;

    private final EntityManager entityManager;
    private final Clock clock;

    @Inject
    PatientRecordService(EntityManager entityManager) {
        this(entityManager, Clock.systemUTC());
    }

    PatientRecordService(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @ReadOnly
    public PatientRecord get(CallerScope caller, long id) {
        RowSecurity.bind(entityManager.unwrap(Session.class), caller);
        return load(caller, id);
    }

    /** The record, in a transaction already bound to the caller's clinics (PatientWriteService returns it). */
    PatientRecord load(CallerScope caller, long id) {
        // Another clinic's patient is "not found", never "forbidden": ids cannot be probed.
        List<Patient> found = entityManager.createQuery("""
                        select distinct p from Patient p
                        join fetch p.clinic c
                        left join fetch p.contacts
                        left join fetch p.addresses
                        where p.id = :id and c.code in :clinics""", Patient.class)
                .setParameter("id", id)
                .setParameter("clinics", caller.clinics())
                .getResultList();
        if (found.isEmpty()) {
            throw new NotFoundException("patient", id);
        }
        Patient patient = found.get(0);
        Instant now = clock.instant();
        List<Appointment> upcoming = entityManager.createQuery("""
                        select a from Appointment a join fetch a.provider
                        where a.patient.id = :id and a.clinic.code in :clinics and a.startsAt >= :now
                        order by a.startsAt, a.id""", Appointment.class)
                .setParameter("id", id).setParameter("clinics", caller.clinics()).setParameter("now", now).setMaxResults(VISITS).getResultList();
        List<Appointment> past = entityManager.createQuery("""
                        select a from Appointment a join fetch a.provider
                        where a.patient.id = :id and a.clinic.code in :clinics and a.startsAt < :now
                        order by a.startsAt desc, a.id desc""", Appointment.class)
                .setParameter("id", id).setParameter("clinics", caller.clinics()).setParameter("now", now).setMaxResults(VISITS).getResultList();
        return toRecord(patient, upcoming, past);
    }

    static PatientRecord toRecord(Patient p, List<Appointment> upcoming, List<Appointment> past) {
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
                upcoming.stream().map(PatientRecordService::visit).toList(),
                past.stream().map(PatientRecordService::visit).toList());
    }

    private static PatientRecord.Visit visit(Appointment a) {
        return new PatientRecord.Visit(a.getId(), a.getStartsAt(), a.getEndsAt(), a.getStatus().code(), a.getReason(),
                a.getProvider().getId(), a.getProvider().getDisplayName());
    }
}
