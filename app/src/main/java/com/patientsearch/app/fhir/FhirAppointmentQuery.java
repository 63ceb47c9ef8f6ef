package com.patientsearch.app.fhir;

import com.patientsearch.search.appointment.AppointmentSearchParams;
import com.patientsearch.search.common.InvalidParameterException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FHIR {@code Appointment?} parameters translated into the API's appointment search (AppointmentSearchService), so
 * both answer the same question the same way: a patient's appointments (newest first), a practitioner's days, or,
 * with date alone, the days of the caller's one clinic (earliest first); days are the clinic's, as in the API.
 */
final class FhirAppointmentQuery {

    /** Our own appointment status codes (finer than FHIR's: scheduled and confirmed are both "booked"). */
    static final String STATUS_SYSTEM = "https://patient-search.dev/fhir/CodeSystem/appointment-status";

    static final Set<String> NAMES = Set.of("patient", "actor", "practitioner", "date", "status", "_count", "_total", FhirLinks.CURSOR);

    private static final Pattern REFERENCE = Pattern.compile("(?:(Patient|Practitioner)/)?([0-9]{1,18})");
    /** The API's parameter names in its 400s, as the FHIR parameter that carried them. */
    private static final Map<String, String> FHIR_NAMES = Map.of("provider", "practitioner", "from", "date", "to", "date",
            "clinic", "date", "limit", "_count", "cursor", FhirLinks.CURSOR);

    private FhirAppointmentQuery() {
    }

    /** @param clinics the caller's clinic codes: date alone searches the one clinic's schedule */
    static AppointmentSearchParams parse(FhirParams p, Set<String> clinics) {
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
        if (patient != null && practitioner != null) {
            throw new InvalidParameterException("practitioner", "give patient or practitioner, not both");
        }
        String from = null;
        String to = null;
        if (p.has("date")) {
            FhirDates days = FhirDates.parse("date", p.all("date"));
            if (days.empty()) {
                throw new InvalidParameterException("date", "the values select no day");
            }
            from = days.from().equals(FhirDates.MIN) ? null : days.from().toString();
            to = days.to().equals(FhirDates.MAX) ? null : days.to().toString();
            if (patient == null && (from == null || to == null)) {
                throw new InvalidParameterException("date", "must bound both sides (ge and le, or a day, month or year) "
                        + "unless with patient");
            }
        } else if (practitioner != null) {
            throw new InvalidParameterException("date", "is required with practitioner (days in the clinic's time zone)");
        }
        String clinic = null;
        if (patient == null && practitioner == null) {
            if (from == null) {
                throw new InvalidParameterException("patient", "give patient, practitioner (or actor) or date");
            }
            if (clinics.size() != 1) {
                throw new InvalidParameterException("date", "alone needs a token of one clinic (whose days it means); "
                        + "add patient or practitioner");
            }
            clinic = clinics.iterator().next();
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
        return new AppointmentSearchParams(patient, practitioner, null, clinic, from, to, status,
                String.valueOf(p.count()), p.one(FhirLinks.CURSOR));
    }

    /** An error of the API's search, naming the FHIR parameter instead of the API's. */
    static InvalidParameterException asFhir(InvalidParameterException e) {
        String name = FHIR_NAMES.get(e.field());
        return name == null ? e : new InvalidParameterException(name, e.reason());
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
