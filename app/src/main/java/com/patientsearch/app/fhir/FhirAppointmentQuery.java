package com.patientsearch.app.fhir;

import com.patientsearch.search.appointment.AppointmentSearchParams;
import com.patientsearch.search.common.InvalidParameterException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FHIR {@code Appointment?} parameters translated into the API's appointment search (AppointmentSearchService), so
 * both answer the same question the same way: a patient's timeline, or a practitioner's day in the clinic's time zone.
 */
final class FhirAppointmentQuery {

    /** Our own appointment status codes (finer than FHIR's: scheduled and confirmed are both "booked"). */
    static final String STATUS_SYSTEM = "https://patient-search.dev/fhir/CodeSystem/appointment-status";

    static final Set<String> NAMES = Set.of("patient", "actor", "practitioner", "date", "status", "_count", "_total", FhirLinks.CURSOR);

    private static final Pattern REFERENCE = Pattern.compile("(?:(Patient|Practitioner)/)?([0-9]{1,18})");

    private FhirAppointmentQuery() {
    }

    static AppointmentSearchParams parse(FhirParams p) {
        String patient = reference(p, "patient", "Patient");
        String practitioner = reference(p, "practitioner", "Practitioner");
        String actor = p.one("actor");
        if (actor != null) {
            Matcher m = REFERENCE.matcher(actor);
            if (!m.matches() || m.group(1) == null) {
                throw new InvalidParameterException("actor", "must be Patient/{id} or Practitioner/{id}");
            }
            if (m.group(1).equals("Patient")) {
                patient = agree("actor", patient, m.group(2));
            } else {
                practitioner = agree("actor", practitioner, m.group(2));
            }
        }
        String date = null;
        if (p.has("date")) {
            if (practitioner == null) {
                throw new InvalidParameterException("date", "is supported with practitioner (a practitioner's day); a patient's timeline takes no date");
            }
            FhirDates days = FhirDates.parse("date", p.all("date"));
            if (!days.from().equals(days.to())) {
                throw new InvalidParameterException("date", "must select one day (date=YYYY-MM-DD, or ge and lt around one day)");
            }
            date = days.from().toString();
        } else if (practitioner != null) {
            throw new InvalidParameterException("date", "is required with practitioner (one day, in the clinic's time zone)");
        }
        String status = null;
        if (p.has("status")) {
            Set<String> codes = new LinkedHashSet<>();
            for (String value : p.all("status")) {
                for (String code : value.split(",")) {
                    codes.addAll(switch (code.strip()) {
                        case "booked" -> List.of("scheduled", "confirmed");
                        case "checked-in" -> List.of("checked_in");
                        case "fulfilled" -> List.of("completed");
                        case "cancelled" -> List.of("cancelled");
                        case "noshow" -> List.of("no_show");
                        default -> throw new InvalidParameterException("status",
                                "must be one or more of booked, checked-in, fulfilled, cancelled, noshow");
                    });
                }
            }
            status = String.join(",", new ArrayList<>(codes));
        }
        return new AppointmentSearchParams(patient, practitioner, date, null, null, null, status,
                String.valueOf(p.count()), p.one(FhirLinks.CURSOR));
    }

    private static String reference(FhirParams p, String name, String type) {
        String value = p.one(name);
        if (value == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(value);
        if (!m.matches() || (m.group(1) != null && !m.group(1).equals(type))) {
            throw new InvalidParameterException(name, "must be " + type + "/{id} or {id}");
        }
        return m.group(2);
    }

    private static String agree(String field, String existing, String value) {
        if (existing != null && !existing.equals(value)) {
            throw new InvalidParameterException(field, "contradicts another parameter");
        }
        return value;
    }
}
