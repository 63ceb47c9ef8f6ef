package com.patientsearch.app.fhir;

import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.PositiveIds;
import com.patientsearch.search.patient.ContactSearch;
import com.patientsearch.search.patient.NameNormalizer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated FHIR {@code Patient?} search, everything the statement ({@link FhirPatientSql}) needs.
 * String parameters follow FHIR: case- and accent-insensitive starts-with by default, {@code :exact} compares the
 * text as stored, {@code :contains} matches anywhere.
 */
record FhirPatientQuery(
        List<NameCondition> names,
        LocalDate dobFrom,
        LocalDate dobTo,
        String gender,
        String mrn,
        String phoneDigits,
        String email,
        List<AddressCondition> addresses,
        Boolean active,
        List<Long> ids,
        boolean recentFirst,
        int count,
        String cursor) {

    static final String MRN_SYSTEM = FhirResources.MRN_SYSTEM;

    /** Search parameters of Patient, with their modifiers; the CapabilityStatement lists the same. */
    static final Set<String> NAMES = Set.of(
            "name", "name:exact", "name:contains", "name:nickname", "family", "family:exact", "family:contains",
            "given", "given:exact", "given:contains", "given:nickname", "birthdate", "gender", "identifier", "phone", "email", "telecom",
            "address", "address-city", "address-postalcode", "active", "_id", "_count", "_sort", "_total", "_content",
            FhirLinks.CURSOR);

    enum Part { NAME, FAMILY, GIVEN }

    /** NICKNAME: the word or one of its nicknames, either direction (Bob finds Robert, Robert finds Bob). */
    enum Match { STARTS, EXACT, CONTAINS, NICKNAME }

    /** {@code text}: as sent for :exact, normalised otherwise; {@code tokens}: its normalised words. */
    record NameCondition(Part part, Match match, String text, List<String> tokens) {
    }

    enum AddressPart { ANY, CITY, POSTAL_CODE }

    record AddressCondition(AddressPart part, String normalized) {
    }

    private static final int MAX_TEXT = 100;
    private static final Pattern GENDER = Pattern.compile("female|male|other|unknown");

    static FhirPatientQuery parse(FhirParams p) {
        List<NameCondition> names = new ArrayList<>();
        for (Part part : Part.values()) {
            for (Match match : Match.values()) {
                if (match == Match.NICKNAME && part == Part.FAMILY) {
                    continue; // family names have no nicknames
                }
                String param = part.name().toLowerCase(Locale.ROOT) + switch (match) {
                    case STARTS -> "";
                    case EXACT -> ":exact";
                    case CONTAINS -> ":contains";
                    case NICKNAME -> ":nickname";
                };
                for (String value : p.all(param)) {
                    names.add(name(param, part, match, value));
                }
            }
        }

        LocalDate dobFrom = null;
        LocalDate dobTo = null;
        if (p.has("birthdate")) {
            FhirDates dates = FhirDates.parse("birthdate", p.all("birthdate"));
            dobFrom = dates.from();
            dobTo = dates.to();
        }

        String gender = p.one("gender");
        if (gender != null && !GENDER.matcher(gender).matches()) {
            throw new InvalidParameterException("gender", "must be one of female, male, other, unknown");
        }

        String mrn = null;
        String identifier = p.one("identifier");
        if (identifier != null) {
            int bar = identifier.indexOf('|');
            if (bar >= 0) {
                String system = identifier.substring(0, bar);
                if (!system.isEmpty() && !system.equals(MRN_SYSTEM)) {
                    throw new InvalidParameterException("identifier", "system must be " + MRN_SYSTEM + " (the medical record number)");
                }
                identifier = identifier.substring(bar + 1);
            }
            if (identifier.isEmpty() || identifier.length() > 64) {
                throw new InvalidParameterException("identifier", "value must have 1 to 64 characters");
            }
            mrn = identifier;
        }

        String phone = p.one("phone");
        String email = p.one("email");
        String telecom = p.one("telecom");
        if (telecom != null) {
            int bar = telecom.indexOf('|');
            String system = bar >= 0 ? telecom.substring(0, bar) : (telecom.contains("@") ? "email" : "phone");
            String value = bar >= 0 ? telecom.substring(bar + 1) : telecom;
            switch (system) {
                case "phone" -> phone = sameOrConflict("telecom", phone, value);
                case "email" -> email = sameOrConflict("telecom", email, value);
                default -> throw new InvalidParameterException("telecom", "system must be phone or email");
            }
        }
        String phoneDigits = phone == null ? null : ContactSearch.phoneDigits(phone);
        if (email != null) {
            email = email.toLowerCase(Locale.ROOT);
            if (email.length() > 254 || email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1) {
                throw new InvalidParameterException("email", "is not an e-mail address");
            }
        }

        List<AddressCondition> addresses = new ArrayList<>();
        address(p, "address", AddressPart.ANY, addresses);
        address(p, "address-city", AddressPart.CITY, addresses);
        address(p, "address-postalcode", AddressPart.POSTAL_CODE, addresses);

        Boolean active = null;
        String activeValue = p.one("active");
        if (activeValue != null) {
            if (!activeValue.equals("true") && !activeValue.equals("false")) {
                throw new InvalidParameterException("active", "must be true or false");
            }
            active = Boolean.valueOf(activeValue);
        }

        List<Long> ids = new ArrayList<>();
        for (String value : p.all("_id")) {
            for (String id : value.split(",")) {
                ids.add(PositiveIds.parse("_id", id.strip()));
            }
        }
        if (ids.size() > 100) {
            throw new InvalidParameterException("_id", "at most 100 ids");
        }

        boolean recentFirst = false;
        String sort = p.one("_sort");
        if (sort != null) {
            switch (sort) {
                case "family" -> recentFirst = false;
                case "-_lastUpdated" -> recentFirst = true;
                default -> throw new InvalidParameterException("_sort", "must be family (family, given, id) or -_lastUpdated");
            }
        }

        boolean selective = !names.isEmpty() || dobFrom != null || mrn != null || phoneDigits != null || email != null || !ids.isEmpty();
        if (!selective) {
            // address, gender and active alone would read every patient of the caller's clinics
            throw new InvalidParameterException("name",
                    "give at least one of name, family, given, birthdate, identifier, phone, email, telecom, _id or _content");
        }
        return new FhirPatientQuery(List.copyOf(names), dobFrom, dobTo, gender, mrn, phoneDigits, email,
                List.copyOf(addresses), active, List.copyOf(ids), recentFirst, p.count(), p.one(FhirLinks.CURSOR));
    }

    /** The records of these patients (a _content page), in one statement on the primary key. */
    static FhirPatientQuery byIds(List<Long> ids) {
        return new FhirPatientQuery(List.of(), null, null, null, null, null, null, List.of(), null, List.copyOf(ids),
                false, ids.size(), null);
    }

    /** Changes whenever the matched set or its order would; the page size may vary between pages. */
    String fingerprint() {
        List<String> parts = new ArrayList<>();
        parts.add("fhir-patient-v1");
        names.forEach(n -> parts.add(n.part() + ":" + n.match() + ":" + n.text()));
        parts.add(dobFrom + ".." + dobTo);
        parts.add(String.valueOf(gender));
        parts.add(String.valueOf(mrn));
        parts.add(String.valueOf(phoneDigits));
        parts.add(String.valueOf(email));
        addresses.forEach(a -> parts.add(a.part() + ":" + a.normalized()));
        parts.add(String.valueOf(active));
        parts.add(new TreeSet<>(ids).toString());
        parts.add(recentFirst ? "recent" : "family");
        return String.join("|", parts);
    }

    private static NameCondition name(String param, Part part, Match match, String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new InvalidParameterException(param, "must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidParameterException(param, "must be at most " + MAX_TEXT + " characters");
        }
        if (text.contains(",")) {
            throw new InvalidParameterException(param, "takes one value (no comma-separated OR)");
        }
        List<String> tokens = List.copyOf(new java.util.LinkedHashSet<>(NameNormalizer.tokens(text)));
        if (tokens.isEmpty()) {
            throw new InvalidParameterException(param, "has no letters or digits");
        }
        if (tokens.size() > 6) {
            throw new InvalidParameterException(param, "must have at most 6 words");
        }
        return new NameCondition(part, match, match == Match.EXACT ? text : String.join(" ", tokens), tokens);
    }

    private static void address(FhirParams p, String param, AddressPart part, List<AddressCondition> into) {
        for (String value : p.all(param)) {
            String normalized = NameNormalizer.normalize(value);
            if (normalized.isEmpty() || value.length() > MAX_TEXT) {
                throw new InvalidParameterException(param, "must have 1 to " + MAX_TEXT + " characters with a letter or digit");
            }
            into.add(new AddressCondition(part, normalized));
        }
    }

    private static String sameOrConflict(String field, String existing, String value) {
        if (existing != null && !existing.equals(value)) {
            throw new InvalidParameterException(field, "contradicts another parameter");
        }
        return value;
    }
}
