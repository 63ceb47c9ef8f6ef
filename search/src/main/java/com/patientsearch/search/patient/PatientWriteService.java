package com.patientsearch.search.patient;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import org.hibernate.Session;
import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.domain.patient.Address;
import com.patientsearch.domain.patient.ContactInfo;
import com.patientsearch.domain.patient.ContactKind;
import com.patientsearch.domain.patient.Gender;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.domain.patient.PatientStatus;
import com.patientsearch.search.clinic.ClinicDirectory;
import com.patientsearch.search.common.ConflictException;
import com.patientsearch.search.common.Codes;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.NotFoundException;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creates, updates and merges patients through the entities. Search stays current without help: the database
 * derives the search keys (generated columns, the name-token trigger) in the same transaction.
 */
@Singleton
public class PatientWriteService {

    private static final Pattern PHONE = Pattern.compile("[0-9 ()+.\\-/x]{4,40}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private final EntityManager entityManager;
    private final PatientRecordService records;
    private final PatientLoader patients;
    private final ClinicDirectory clinics;

    PatientWriteService(EntityManager entityManager, PatientRecordService records, PatientLoader patients,
                        ClinicDirectory clinics) {
        this.entityManager = entityManager;
        this.records = records;
        this.patients = patients;
        this.clinics = clinics;
    }

    @Transactional
    public PatientRecord create(CallerScope caller, PatientWrite body) {
        bind(caller);
        String code = required("clinic", body.clinic(), 32);
        Clinic clinic = clinics.visible(caller, code);
        String mrn = required("mrn", body.mrn(), 64);
        boolean taken = !entityManager.createQuery(
                        "select p.id from Patient p where p.clinic = :clinic and p.mrn = :mrn", Long.class)
                .setParameter("clinic", clinic).setParameter("mrn", mrn).setMaxResults(1).getResultList().isEmpty();
        if (taken) {
            throw new ConflictException("mrn: a patient with this medical record number exists in clinic " + code);
        }
        Patient patient = new Patient(clinic, mrn, required("firstName", body.firstName(), 100),
                optional("middleName", body.middleName(), 100), required("lastName", body.lastName(), 100),
                dateOfBirth(body.dateOfBirth()), code("gender", Gender.class, body.gender()));
        if (body.status() != null) {
            patient.setStatus(status(body.status()));
        }
        replaceChildren(patient, body);
        entityManager.persist(patient);
        entityManager.flush();
        return records.toRecord(patient, caller);
    }

    @Transactional
    public PatientRecord update(CallerScope caller, long id, PatientWrite body) {
        bind(caller);
        Patient patient = patients.load(caller, id);
        checkVersion(patient, body.version());
        if (body.clinic() != null && !body.clinic().equals(patient.getClinic().getCode())) {
            throw new InvalidParameterException("clinic", "cannot change: a patient stays in its clinic");
        }
        if (body.mrn() != null && !body.mrn().equals(patient.getMrn())) {
            throw new InvalidParameterException("mrn", "cannot change: it identifies the patient in its clinic");
        }
        if (patient.getStatus() == PatientStatus.MERGED) {
            throw new ConflictException("the patient was merged into patient " + patient.getMergedInto().getId());
        }
        patient.rename(required("firstName", body.firstName(), 100), optional("middleName", body.middleName(), 100),
                required("lastName", body.lastName(), 100));
        patient.setDateOfBirth(dateOfBirth(body.dateOfBirth()));
        patient.setGender(code("gender", Gender.class, body.gender()));
        if (body.status() != null) {
            patient.setStatus(status(body.status()));
        }
        patient.clearContacts();
        patient.clearAddresses();
        entityManager.flush(); // orphans go before their replacements, so a re-sent primary contact is no conflict
        replaceChildren(patient, body);
        entityManager.flush();
        return records.toRecord(patient, caller);
    }

    @Transactional
    public PatientRecord merge(CallerScope caller, long id, PatientWrite.Merge body) {
        if (body.survivorId() == null) {
            throw new InvalidParameterException("survivorId", "is required");
        }
        bind(caller);
        Patient patient = patients.load(caller, id);
        checkVersion(patient, body.version());
        if (patient.getStatus() == PatientStatus.MERGED) {
            throw new ConflictException("the patient is already merged into patient " + patient.getMergedInto().getId());
        }
        Patient survivor;
        try {
            survivor = patients.load(caller, body.survivorId());
        } catch (NotFoundException e) {
            throw new InvalidParameterException("survivorId", "is not a known patient");
        }
        try {
            patient.mergeInto(survivor);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("survivorId", e.getMessage());
        }
        entityManager.flush();
        return records.toRecord(patient, caller);
    }

    private void bind(CallerScope caller) {
        RowSecurity.bind(entityManager.unwrap(Session.class), caller);
    }

    /** The version the caller read must still be the current one; the @Version column also guards concurrent flushes. */
    private static void checkVersion(Patient patient, Long version) {
        if (version == null) {
            throw new InvalidParameterException("version", "is required: send the version you read");
        }
        if (version != patient.getVersion()) {
            throw new ConflictException("version " + version + " is stale: the patient is at version " + patient.getVersion());
        }
    }

    private static void replaceChildren(Patient patient, PatientWrite body) {
        List<PatientWrite.ContactWrite> contacts = body.contacts() == null ? List.of() : body.contacts();
        if (contacts.size() > 20) {
            throw new InvalidParameterException("contacts", "at most 20");
        }
        for (int i = 0; i < contacts.size(); i++) {
            PatientWrite.ContactWrite c = contacts.get(i);
            String at = "contacts[" + i + "].";
            String phone = optional(at + "phone", c.phone(), 40);
            if (phone != null && (!PHONE.matcher(phone).matches() || phone.replaceAll("[^0-9]", "").length() < 4)) {
                throw new InvalidParameterException(at + "phone", "is not a phone number");
            }
            String email = optional(at + "email", c.email(), 254);
            if (email != null && (email.indexOf('@') < 1 || email.endsWith("@"))) {
                throw new InvalidParameterException(at + "email", "is not an e-mail address");
            }
            if (phone == null && email == null) {
                throw new InvalidParameterException(at + "phone", "a contact needs a phone or an e-mail address");
            }
            patient.addContact(new ContactInfo(code(at + "kind", ContactKind.class, c.kind()), phone, email,
                    Boolean.TRUE.equals(c.primary())));
        }
        List<PatientWrite.AddressWrite> addresses = body.addresses() == null ? List.of() : body.addresses();
        if (addresses.size() > 10) {
            throw new InvalidParameterException("addresses", "at most 10");
        }
        for (int i = 0; i < addresses.size(); i++) {
            PatientWrite.AddressWrite a = addresses.get(i);
            String at = "addresses[" + i + "].";
            String country = optional(at + "country", a.country(), 2);
            if (country != null && !COUNTRY.matcher(country).matches()) {
                throw new InvalidParameterException(at + "country", "must be a two-letter ISO country code");
            }
            patient.addAddress(new Address(optional(at + "street", a.street(), 200), optional(at + "city", a.city(), 100),
                    optional(at + "state", a.state(), 100), optional(at + "postalCode", a.postalCode(), 20),
                    country == null ? null : country.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private static PatientStatus status(String code) {
        PatientStatus status = code("status", PatientStatus.class, code);
        if (status == PatientStatus.MERGED) {
            throw new InvalidParameterException("status", "merged is set by POST /api/v1/patients/{id}/merge");
        }
        return status;
    }

    private static LocalDate dateOfBirth(String text) {
        String value = required("dateOfBirth", text, 10);
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException("dateOfBirth", "must be a date as YYYY-MM-DD");
        }
        if (date.isAfter(LocalDate.now(ZoneOffset.UTC).plusDays(1)) || date.isBefore(Patient.OLDEST_DATE_OF_BIRTH)) {
            throw new InvalidParameterException("dateOfBirth", "must be between " + Patient.OLDEST_DATE_OF_BIRTH + " and today");
        }
        return date;
    }

    private static <E extends Enum<E> & CodedEnum> E code(String field, Class<E> type, String value) {
        return Codes.parse(field, type, required(field, value, 32));
    }

    private static String required(String field, String value, int max) {
        String text = optional(field, value, max);
        if (text == null) {
            throw new InvalidParameterException(field, "is required");
        }
        return text;
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw new InvalidParameterException(field, "must be at most " + max + " characters");
        }
        if (text.chars().anyMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)) {
            // PostgreSQL text cannot hold NUL, and an escape or a bell in a name is never meant (line breaks: a street)
            throw new InvalidParameterException(field, "must not contain control characters");
        }
        return text;
    }
}
