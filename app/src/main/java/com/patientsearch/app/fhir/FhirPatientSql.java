package com.patientsearch.app.fhir;

import com.patientsearch.search.common.CallerClinicsSql;
import com.patientsearch.search.patient.ContactSearch;
import com.patientsearch.search.patient.Nicknames;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one statement of a FHIR patient search, assembled from the fixed fragments below; every value is bound.
 * Each selective parameter rides an index of docs/indexing.md: names through the token dictionary
 * ({@code name_token_prefix_idx}) into {@code patient_name_tokens_gin}, birthdate {@code patient_dob_idx}, identifier
 * {@code patient_mrn_idx}, phone and e-mail the contact indexes, _id the primary key. Address, gender and active only
 * filter what those found (FhirPatientQuery refuses them alone). FhirPatientSearchPlanTest explains them.
 */
record FhirPatientSql(String sql, List<Object> binds) {

    static final String COLUMNS = """
            SELECT p.id, c.code AS clinic, p.mrn, p.first_name, p.middle_name, p.last_name, p.date_of_birth, p.gender,
                   p.status, p.merged_into_id, p.version, p.created_at, p.updated_at, p.last_name_norm, p.first_name_norm
            FROM patient p
            JOIN clinic c ON c.id = p.clinic_id
            WHERE p.clinic_id = ANY (""" + CallerClinicsSql.IDS + ")";

    // Completions of a word through name_token_prefix_idx ('{' sorts right after 'z' and the digits).
    private static final String TOKEN_PREFIX =
            "\n  AND p.name_tokens && ARRAY(SELECT t.token FROM name_token t WHERE t.token ~>=~ ? AND t.token ~<~ ?)";
    // The dictionary is small next to patients (tens of thousands of words at 1M patients): a scan of it, not of patient.
    private static final String TOKEN_CONTAINS =
            "\n  AND p.name_tokens && ARRAY(SELECT t.token FROM name_token t WHERE strpos(t.token, ?) > 0)";
    private static final String TOKENS_EXACT = "\n  AND p.name_tokens @> ?::text[]";
    // A word or any of its nicknames (search/patient/Nicknames), each an exact name word.
    private static final String TOKEN_ANY_OF = "\n  AND p.name_tokens && ?::text[]";
    private static final String FULL_NAME_NORM = "ps_normalize_name(concat_ws(' ', p.first_name, p.middle_name, p.last_name))";

    private static final String NOT_MERGED = "\n  AND p.status <> 'merged'";
    private static final String ACTIVE = "\n  AND p.status IN ('active', 'deceased')";
    private static final String INACTIVE = "\n  AND p.status IN ('inactive', 'merged')";
    private static final String DOB = "\n  AND p.date_of_birth BETWEEN ? AND ?";
    private static final String GENDER = "\n  AND p.gender = ?";
    private static final String MRN = "\n  AND p.mrn = ?";
    private static final String IDS = "\n  AND p.id = ANY (?::bigint[])";
    // Correlated per patient found (address_patient_idx), never a join the planner could drive from a scan of every
    // address matching the text (it did, as a semi-join, for EXISTS).
    private static final String ADDRESS_ANY = """

              AND (SELECT bool_or(starts_with(ps_normalize_name(a.street), ?) OR starts_with(ps_normalize_name(a.city), ?)
                                  OR starts_with(ps_normalize_name(a.region), ?) OR starts_with(ps_normalize_name(a.postal_code), ?)
                                  OR starts_with(ps_normalize_name(a.country), ?))
                   FROM address a WHERE a.patient_id = p.id)""";
    private static final String ADDRESS_CITY =
            "\n  AND (SELECT bool_or(starts_with(ps_normalize_name(a.city), ?)) FROM address a WHERE a.patient_id = p.id)";
    private static final String ADDRESS_POSTAL_CODE =
            "\n  AND (SELECT bool_or(starts_with(ps_normalize_name(a.postal_code), ?)) FROM address a WHERE a.patient_id = p.id)";

    private static final String AFTER_FAMILY = "\n  AND (p.last_name_norm, p.first_name_norm, p.id) > (?, ?, ?)";
    private static final String AFTER_RECENT = "\n  AND (p.updated_at, p.id) < (?::timestamptz, ?)";
    private static final String ORDER_FAMILY = "\nORDER BY p.last_name_norm, p.first_name_norm, p.id\nLIMIT ?";
    private static final String ORDER_RECENT = "\nORDER BY p.updated_at DESC, p.id DESC\nLIMIT ?";

    /**
     * @param after the decoded cursor: (last name, first name, id) or (updated at, id), or null for the first page
     * @param fetch rows to fetch: the page size plus one, to know whether a next page exists
     */
    static FhirPatientSql build(FhirPatientQuery q, List<String> callerClinics, List<String> after, int fetch) {
        StringBuilder sql = new StringBuilder(COLUMNS);
        List<Object> binds = new ArrayList<>();
        binds.add(callerClinics.toArray(String[]::new));
        for (FhirPatientQuery.NameCondition name : q.names()) {
            switch (name.match()) {
                case STARTS -> {
                    for (String token : name.tokens()) {
                        sql.append(TOKEN_PREFIX);
                        binds.add(token);
                        binds.add(token + "{");
                    }
                    if (q.names().size() == 1 && name.tokens().size() == 1) {
                        // Said twice on purpose, as the API's name statement does (docs/indexing.md): the planner
                        // guesses 1% for && on a computed array and then AND-s in the clinic index of the
                        // row-level-security condition; a second condition brings the guess down.
                        sql.append(TOKEN_PREFIX);
                        binds.add(name.tokens().get(0));
                        binds.add(name.tokens().get(0) + "{");
                    }
                    switch (name.part()) {
                        case FAMILY -> add(sql, binds, "\n  AND starts_with(p.last_name_norm, ?)", name.text());
                        case GIVEN -> add(sql, binds, "\n  AND (starts_with(p.first_name_norm, ?) OR starts_with(ps_normalize_name(p.middle_name), ?))",
                                name.text(), name.text());
                        case NAME -> { } // every word starts a word of the name: the token conditions say it
                    }
                }
                case EXACT -> {
                    sql.append(TOKENS_EXACT);
                    binds.add(name.tokens().toArray(String[]::new));
                    switch (name.part()) {
                        case FAMILY -> add(sql, binds, "\n  AND p.last_name = ?", name.text());
                        case GIVEN -> add(sql, binds, "\n  AND (p.first_name = ? OR p.middle_name = ?)", name.text(), name.text());
                        case NAME -> add(sql, binds, "\n  AND ? IN (p.first_name, p.middle_name, p.last_name, concat_ws(' ', p.first_name, p.last_name),"
                                + " concat_ws(' ', p.first_name, p.middle_name, p.last_name))", name.text());
                    }
                }
                case NICKNAME -> {
                    for (String token : name.tokens()) {
                        List<String> alternatives = new ArrayList<>(List.of(token));
                        alternatives.addAll(new java.util.TreeSet<>(Nicknames.standard().of(token)));
                        String[] words = alternatives.toArray(String[]::new);
                        sql.append(TOKEN_ANY_OF);
                        binds.add(words);
                        if (q.names().size() == 1 && name.tokens().size() == 1) {
                            sql.append(TOKEN_ANY_OF); // the planner's guess, as for STARTS above
                            binds.add(words);
                        }
                        if (name.part() == FhirPatientQuery.Part.GIVEN) {
                            add(sql, binds, "\n  AND (p.first_name_norm = ANY (?::text[]) OR ps_normalize_name(p.middle_name) = ANY (?::text[]))",
                                    words, words);
                        }
                    }
                }
                case CONTAINS -> {
                    for (String token : name.tokens()) {
                        sql.append(TOKEN_CONTAINS);
                        binds.add(token);
                    }
                    switch (name.part()) {
                        case FAMILY -> add(sql, binds, "\n  AND strpos(p.last_name_norm, ?) > 0", name.text());
                        case GIVEN -> add(sql, binds, "\n  AND (strpos(p.first_name_norm, ?) > 0 OR strpos(ps_normalize_name(p.middle_name), ?) > 0)",
                                name.text(), name.text());
                        case NAME -> add(sql, binds, "\n  AND strpos(" + FULL_NAME_NORM + ", ?) > 0", name.text());
                    }
                }
            }
        }
        if (q.active() == null) {
            sql.append(NOT_MERGED);
        } else {
            sql.append(q.active() ? ACTIVE : INACTIVE);
        }
        if (q.dobFrom() != null) {
            add(sql, binds, DOB, q.dobFrom(), q.dobTo());
        }
        if (q.gender() != null) {
            add(sql, binds, GENDER, q.gender());
        }
        if (q.mrn() != null) {
            add(sql, binds, MRN, q.mrn());
        }
        if (!q.ids().isEmpty()) {
            add(sql, binds, IDS, (Object) q.ids().toArray(Long[]::new));
        }
        if (q.phoneDigits() != null) {
            add(sql, binds, ContactSearch.PHONE, ContactSearch.phoneSuffixRange(q.phoneDigits()));
        }
        if (q.email() != null) {
            add(sql, binds, ContactSearch.EMAIL, q.email());
        }
        for (FhirPatientQuery.AddressCondition address : q.addresses()) {
            String v = address.normalized();
            switch (address.part()) {
                case ANY -> add(sql, binds, ADDRESS_ANY, v, v, v, v, v);
                case CITY -> add(sql, binds, ADDRESS_CITY, v);
                case POSTAL_CODE -> add(sql, binds, ADDRESS_POSTAL_CODE, v);
            }
        }
        if (q.recentFirst()) {
            if (after != null) {
                add(sql, binds, AFTER_RECENT, OffsetDateTime.parse(after.get(0)), Long.parseLong(after.get(1)));
            }
            sql.append(ORDER_RECENT);
        } else {
            if (after != null) {
                add(sql, binds, AFTER_FAMILY, after.get(0), after.get(1), Long.parseLong(after.get(2)));
            }
            sql.append(ORDER_FAMILY);
        }
        binds.add(fetch);
        return new FhirPatientSql(sql.toString(), List.copyOf(binds));
    }

    private static void add(StringBuilder sql, List<Object> binds, String fragment, Object... values) {
        sql.append(fragment);
        binds.addAll(List.of(values));
    }
}
