package com.patientsearch.app.fhir;

import com.patientsearch.search.appointment.AppointmentHit;
import com.patientsearch.search.patient.PatientRecord;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

import java.util.Date;

/** Our records as FHIR R4 resources (HAPI's model; never JSON by hand). */
final class FhirResources {

    /** The identifier system of medical record numbers (unique within a clinic). */
    static final String MRN_SYSTEM = "https://patient-search.dev/fhir/sid/mrn";
    /** The identifier system of clinics (their codes). */
    static final String CLINIC_SYSTEM = "https://patient-search.dev/fhir/sid/clinic";

    private FhirResources() {
    }

    static Patient patient(PatientRecord r) {
        Patient patient = new Patient();
        patient.setId(String.valueOf(r.id()));
        patient.getMeta().setVersionId(String.valueOf(r.version())).setLastUpdated(Date.from(r.updatedAt()));
        patient.addIdentifier()
                .setUse(Identifier.IdentifierUse.USUAL)
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number")))
                .setSystem(MRN_SYSTEM)
                .setValue(r.mrn());
        patient.setActive(!r.status().equals("inactive") && !r.status().equals("merged"));
        HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(r.lastName()).addGiven(r.firstName());
        if (r.middleName() != null) {
            name.addGiven(r.middleName());
        }
        for (PatientRecord.Contact c : r.contacts()) {
            ContactPoint.ContactPointUse use = switch (c.kind()) {
                case "mobile" -> ContactPoint.ContactPointUse.MOBILE;
                case "work" -> ContactPoint.ContactPointUse.WORK;
                default -> ContactPoint.ContactPointUse.HOME;
            };
            if (c.phone() != null) {
                patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(c.phone()).setUse(use)
                        .setRank(c.primary() ? 1 : 2);
            }
            if (c.email() != null) {
                patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(c.email()).setUse(use)
                        .setRank(c.primary() ? 1 : 2);
            }
        }
        patient.setGender(Enumerations.AdministrativeGender.fromCode(r.gender()));
        patient.setBirthDate(java.sql.Date.valueOf(r.dateOfBirth()));
        if (r.status().equals("deceased")) {
            patient.setDeceased(new BooleanType(true));
        }
        for (PatientRecord.Address a : r.addresses()) {
            Address address = patient.addAddress().setUse(Address.AddressUse.HOME).setCity(a.city()).setState(a.state())
                    .setPostalCode(a.postalCode()).setCountry(a.country());
            if (a.street() != null) {
                address.addLine(a.street());
            }
        }
        patient.setManagingOrganization(clinic(r.clinic()));
        if (r.mergedInto() != null) {
            // FHIR's model of a merge: the duplicate points at the record that replaced it.
            patient.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + r.mergedInto()));
        }
        return patient;
    }

    static Appointment appointment(AppointmentHit a) {
        Appointment appointment = new Appointment();
        appointment.setId(String.valueOf(a.id()));
        appointment.setStatus(switch (a.status()) {
            case "scheduled" -> Appointment.AppointmentStatus.BOOKED;
            case "confirmed" -> Appointment.AppointmentStatus.BOOKED;
            case "checked_in" -> Appointment.AppointmentStatus.CHECKEDIN;
            case "completed" -> Appointment.AppointmentStatus.FULFILLED;
            case "cancelled" -> Appointment.AppointmentStatus.CANCELLED;
            case "no_show" -> Appointment.AppointmentStatus.NOSHOW;
            default -> throw new IllegalStateException("unknown appointment status " + a.status());
        });
        // Our own status, finer than FHIR's (scheduled and confirmed are both "booked").
        appointment.addServiceCategory().addCoding().setSystem(FhirAppointmentQuery.STATUS_SYSTEM).setCode(a.status());
        appointment.setStart(Date.from(a.startsAt()));
        appointment.setEnd(Date.from(a.endsAt()));
        if (a.reason() != null) {
            appointment.setDescription(a.reason());
        }
        appointment.addParticipant().setActor(new Reference("Patient/" + a.patientId()).setDisplay(a.patientName()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment.addParticipant().setActor(new Reference("Practitioner/" + a.providerId()).setDisplay(a.providerName()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment.addParticipant().setActor(clinic(a.clinic())).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return appointment;
    }

    private static Reference clinic(String code) {
        return new Reference().setIdentifier(new Identifier().setSystem(CLINIC_SYSTEM).setValue(code)).setDisplay(code);
    }
}
