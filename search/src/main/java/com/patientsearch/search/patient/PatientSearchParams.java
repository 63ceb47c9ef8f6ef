package com.patientsearch.search.patient;

import io.micronaut.core.annotation.Nullable;

/**
 * The search parameters exactly as the caller sent them (strings), so that every validation error names its field
 * from one place ({@link PatientSearchQuery#parse}).
 */
public record PatientSearchParams(
        @Nullable String clinic,
        @Nullable String q,
        @Nullable String dob,
        @Nullable String phone,
        @Nullable String email,
        @Nullable String mrn,
        @Nullable String gender,
        @Nullable String status,
        @Nullable String sort,
        @Nullable String limit,
        @Nullable String cursor,
        @Nullable String address) {

    /** The query-string names this search understands; anything else is refused. */
    public static final java.util.Set<String> NAMES = java.util.Set.of(
            "clinic", "q", "dob", "phone", "email", "mrn", "gender", "status", "sort", "limit", "cursor", "address");

    /** Without an address filter. */
    public PatientSearchParams(String clinic, String q, String dob, String phone, String email, String mrn,
                               String gender, String status, String sort, String limit, String cursor) {
        this(clinic, q, dob, phone, email, mrn, gender, status, sort, limit, cursor, null);
    }
}
