package com.patientsearch.app.api;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.search.patient.PatientSearchParams;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query parameters of {@code GET /api/v1/patients/search} as sent, described for the API document;
 * {@code PatientSearchQuery} validates them, the one place every 400 names its field from.
 */
@Introspected
record PatientSearchRequest(
        @Parameter(description = "Only this clinic (one of the token's)", schema = @Schema(implementation = String.class, pattern = "^" + Clinic.CODE_PATTERN + "$", example = "CL0001"))
        @Nullable @QueryValue String clinic,
        @Parameter(description = "Name words in any order, typos and accents tolerated, the last word may be a prefix; a date (1980-01-02, 1/2/1980 month first, 2.1.1980 day first, 19800102; a two-digit year is the latest in the past) or a year inside filters the date of birth, a phone number (7+ digits, any grouping) the phone and an e-mail address the e-mail, as their own parameters would; any other number is a 400. At most 200 characters and 6 words.", schema = @Schema(implementation = String.class, minLength = 1, maxLength = 200, example = "jon smth 1980"))
        @Nullable @QueryValue String q,
        @Parameter(description = "Date of birth", schema = @Schema(implementation = String.class, format = "date", example = "1980-05-17"))
        @Nullable @QueryValue String dob,
        @Parameter(description = "A phone number in any formatting, or its last 4+ digits (4 to 15 digits)", schema = @Schema(implementation = String.class, pattern = "^[0-9 ()+./-]+$", example = "(555) 555-0110"))
        @Nullable @QueryValue String phone,
        @Parameter(description = "E-mail address, any case", schema = @Schema(implementation = String.class, maxLength = 254, example = "maria.garcia@example.com"))
        @Nullable @QueryValue String email,
        @Parameter(description = "Medical record number", schema = @Schema(implementation = String.class, maxLength = 64, example = "M000000001"))
        @Nullable @QueryValue String mrn,
        @Parameter(description = "Gender", schema = @Schema(implementation = String.class, allowableValues = {"female", "male", "other", "unknown"}))
        @Nullable @QueryValue String gender,
        @Parameter(description = "Comma-separated statuses (active, inactive, deceased, merged); default: all but merged", schema = @Schema(implementation = String.class, pattern = "^(active|inactive|deceased|merged)(,(active|inactive|deceased|merged))*$", example = "active"))
        @Nullable @QueryValue String status,
        @Parameter(description = "relevance (needs q; the default with q), name (the default otherwise) or recent", schema = @Schema(implementation = String.class, allowableValues = {"relevance", "name", "recent"}))
        @Nullable @QueryValue String sort,
        @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "20"))
        @Nullable @QueryValue String limit,
        @Parameter(description = "nextCursor of the previous page (encrypted; bound to the same query and caller)", schema = @Schema(implementation = String.class))
        @Nullable @QueryValue String cursor,
        @Parameter(description = "Street, town or postal code words, typos and accents tolerated, matched anywhere in the address; at most 200 characters and 8 words", schema = @Schema(implementation = String.class, maxLength = 200, example = "maple springfield"))
        @Nullable @QueryValue String address) {

    PatientSearchParams params() {
        return new PatientSearchParams(clinic, q, dob, phone, email, mrn, gender, status, sort, limit, cursor, address);
    }
}
