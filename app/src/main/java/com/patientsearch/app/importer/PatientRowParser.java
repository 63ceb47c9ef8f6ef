package com.patientsearch.app.importer;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.domain.patient.Patient;
import org.apache.commons.csv.CSVRecord;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one patient CSV row against what the schema and the domain accept, and names every problem by field.
 * Problems never quote the value: a rejection report must not carry patient data.
 */
final class PatientRowParser {

    static final Set<String> REQUIRED = Set.of("clinic_code", "mrn", "first_name", "last_name", "date_of_birth");
    static final Set<String> KNOWN = new LinkedHashSet<>(List.of("clinic_code", "mrn", "first_name", "middle_name",
            "last_name", "date_of_birth", "gender", "status", "phone", "email", "street", "city", "state",
            "postal_code", "country"));
    static final Set<String> GENDERS = Set.of("female", "male", "other", "unknown");
    static final Set<String> STATUSES = Set.of("active", "inactive", "deceased", "merged");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern CLINIC_CODE = Pattern.compile(Clinic.CODE_PATTERN);
    private static final LocalDate OLDEST = Patient.OLDEST_DATE_OF_BIRTH;

    private final Map<String, Integer> columns;
    private final int width;
    private final Map<String, Long> clinics;
    /** The caller's clinics: rows of any other clinic are refused; null (the command line): no restriction. */
    private final Set<String> callerClinics;
    private final LocalDate today;
    /** clinic id + mrn of every row seen, with its line: the same patient twice in a file is an error. */
    private final Map<String, Long> seen = new HashMap<>();

    PatientRowParser(Map<String, Integer> columns, int width, Map<String, Long> clinics, Set<String> callerClinics,
                     LocalDate today) {
        this.columns = columns;
        this.width = width;
        this.clinics = clinics;
        this.callerClinics = callerClinics;
        this.today = today;
    }

    static final int MAX_EMAIL = 254;

    /**
     * local@domain.tld: one @ with something before it, no whitespace, a dot inside the domain. One pass, where the
     * regex it replaces backtracked quadratically on a long value without the dot.
     */
    static boolean looksLikeEmail(String value) {
        int at = value.indexOf('@');
        if (at < 1 || at != value.lastIndexOf('@') || value.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        int dot = value.indexOf('.', at + 2);
        return dot > 0 && dot < value.length() - 1;
    }

    /** A {@link PatientRow}, or a {@link Rejection}. */
    Object parse(CSVRecord record, long line) {
        if (record.size() != width) {
            return new Rejection(line, "expected " + width + " fields, found " + record.size());
        }
        List<String> problems = new ArrayList<>();
        String clinicCode = value(record, "clinic_code");
        Long clinicId = null;
        if (clinicCode == null) {
            problems.add("clinic_code: missing");
        } else if (callerClinics != null && !callerClinics.contains(clinicCode)) {
            // whether the clinic exists at all is not this caller's business
            problems.add("clinic_code: clinic " + (CLINIC_CODE.matcher(clinicCode).matches() ? clinicCode + " " : "")
                    + "is not one of yours");
        } else {
            clinicId = clinics.get(clinicCode);
            if (clinicId == null) {
                problems.add("clinic_code: unknown clinic");
            }
        }
        String mrn = required(record, "mrn", 64, problems);
        String first = required(record, "first_name", 100, problems);
        String middle = optional(record, "middle_name", 100, problems);
        String last = required(record, "last_name", 100, problems);
        LocalDate dob = dateOfBirth(record, problems);
        String gender = code(record, "gender", GENDERS, "unknown", problems);
        String status = code(record, "status", STATUSES, "active", problems);
        String phone = optional(record, "phone", 40, problems);
        if (phone != null) {
            long digits = phone.chars().filter(Character::isDigit).count();
            if (digits < 7 || digits > 15) {
                problems.add("phone: not a phone number (needs 7 to 15 digits)");
            }
        }
        String email = optional(record, "email", MAX_EMAIL, problems);
        if (email != null && email.length() <= MAX_EMAIL && !looksLikeEmail(email)) {
            problems.add("email: not an e-mail address");
        }
        String street = optional(record, "street", 200, problems);
        String city = optional(record, "city", 100, problems);
        String region = optional(record, "state", 100, problems);
        String postal = optional(record, "postal_code", 20, problems);
        String country = optional(record, "country", 2, problems);
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(country)) {
                problems.add("country: not an ISO 3166 two-letter code");
            }
        }
        if (clinicId != null && mrn != null) {
            Long earlier = seen.putIfAbsent(clinicId + "\u0000" + mrn, line);
            if (earlier != null) {
                problems.add("mrn: the same clinic_code and mrn as line " + earlier);
            }
        }
        if (!problems.isEmpty()) {
            return Rejection.of(line, problems);
        }
        return new PatientRow(line, clinicId, mrn, first, middle, last, dob, gender, status, phone, email, street,
                city, region, postal, country);
    }

    private LocalDate dateOfBirth(CSVRecord record, List<String> problems) {
        String raw = value(record, "date_of_birth");
        if (raw == null) {
            problems.add("date_of_birth: missing");
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(raw);
            if (date.isAfter(today)) {
                problems.add("date_of_birth: in the future");
            } else if (date.isBefore(OLDEST)) {
                problems.add("date_of_birth: before " + OLDEST.getYear());
            }
            return date;
        } catch (DateTimeParseException e) {
            problems.add("date_of_birth: not a date (expected YYYY-MM-DD)");
            return null;
        }
    }

    private String code(CSVRecord record, String column, Set<String> allowed, String whenEmpty, List<String> problems) {
        String raw = value(record, column);
        if (raw == null) {
            return whenEmpty;
        }
        String code = raw.toLowerCase(Locale.ROOT);
        if (!allowed.contains(code)) {
            problems.add(column + ": expected one of " + String.join("|", sorted(allowed)));
        }
        return code;
    }

    private static List<String> sorted(Set<String> values) {
        String[] array = values.toArray(String[]::new);
        Arrays.sort(array);
        return List.of(array);
    }

    private String required(CSVRecord record, String column, int max, List<String> problems) {
        String value = optional(record, column, max, problems);
        if (value == null) {
            problems.add(column + ": missing");
        }
        return value;
    }

    private String optional(CSVRecord record, String column, int max, List<String> problems) {
        String value = value(record, column);
        if (value != null && value.length() > max) {
            problems.add(column + ": longer than " + max + " characters");
        } else if (value != null && value.chars().anyMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)) {
            problems.add(column + ": contains control characters"); // PostgreSQL text cannot hold NUL
        }
        return value;
    }

    /** The stripped value, null when the column is absent or the field blank. */
    private String value(CSVRecord record, String column) {
        Integer index = columns.get(column);
        if (index == null) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }
}
