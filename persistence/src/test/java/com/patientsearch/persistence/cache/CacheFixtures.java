package com.patientsearch.persistence.cache;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.domain.patient.Address;
import com.patientsearch.domain.patient.ContactInfo;
import com.patientsearch.domain.patient.ContactKind;
import com.patientsearch.domain.patient.Gender;
import com.patientsearch.domain.patient.Patient;
import io.micronaut.transaction.TransactionOperations;
import org.hibernate.Session;

import java.time.LocalDate;
import java.time.ZoneId;

/** Synthetic rows for the cache tests (no real patient data). */
final class CacheFixtures {

    private CacheFixtures() {
    }

    /** A clinic with one patient who has two contacts and one address; returns the patient id. */
    static long patientWithChildren(TransactionOperations<Session> transactions, String clinicCode) {
        return transactions.executeWrite(status -> {
            Session session = status.getConnection();
            Clinic clinic = new Clinic(clinicCode, "Clinic " + clinicCode, ZoneId.of("UTC"));
            session.persist(clinic);
            Patient patient = new Patient(clinic, "MRN-" + clinicCode, "Test", null, "Patient",
                    LocalDate.of(1970, 1, 1), Gender.UNKNOWN);
            patient.addContact(new ContactInfo(ContactKind.MOBILE, "+1 555 0100", null, true));
            patient.addContact(new ContactInfo(ContactKind.HOME, null, "test@example.invalid", false));
            patient.addAddress(new Address("1 Test Street", "Testville", "TS", "00000", "US"));
            session.persist(patient);
            return patient.getId();
        });
    }

    /** What a patient record shows, read in its own read-only transaction (touching both collections). */
    static String record(TransactionOperations<Session> transactions, long patientId) {
        return transactions.executeRead(status -> {
            Patient patient = status.getConnection().get(Patient.class, patientId);
            StringBuilder shown = new StringBuilder(patient.getFirstName()).append(' ').append(patient.getLastName());
            patient.getContacts().forEach(contact -> shown.append(" | ").append(contact.getKind().code())
                    .append(':').append(contact.getPhone()).append(':').append(contact.getEmail()));
            patient.getAddresses().forEach(address -> shown.append(" | ").append(address.getCity()));
            return shown.toString();
        });
    }
}
