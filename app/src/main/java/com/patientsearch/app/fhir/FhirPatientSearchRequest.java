package com.patientsearch.app.fhir;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The search parameters of {@code GET /fhir/r4/Patient}, described for the API document only: {@link FhirParams}
 * reads the request itself (modifiers, repeats, unknown names) and {@link FhirPatientQuery} validates. The names
 * here are {@link FhirPatientQuery#NAMES}; OpenApiContractTest checks the document and the CapabilityStatement agree.
 */
@Introspected
record FhirPatientSearchRequest(
        @Parameter(description = "Starts-with any part of the name (given, middle or family), case and accents ignored; 1 to 100 characters; repeat to AND", explode = Explode.TRUE, example = "garc")
        @Nullable @QueryValue("name") List<String> name,
        @Parameter(description = "Exactly as written (case and accents count): a given, middle or family name, given and family, or the full name", explode = Explode.TRUE)
        @Nullable @QueryValue("name:exact") List<String> nameExact,
        @Parameter(description = "The full name contains the text (case and accents ignored)", explode = Explode.TRUE)
        @Nullable @QueryValue("name:contains") List<String> nameContains,
        @Parameter(description = "A name word or one of its nicknames, either direction (bob finds Robert, robert finds Bob)", explode = Explode.TRUE)
        @Nullable @QueryValue("name:nickname") List<String> nameNickname,
        @Parameter(description = "Family name starts-with; 1 to 100 characters", explode = Explode.TRUE)
        @Nullable @QueryValue("family") List<String> family,
        @Parameter(description = "Family name exactly as written (case and accents count)", explode = Explode.TRUE)
        @Nullable @QueryValue("family:exact") List<String> familyExact,
        @Parameter(description = "Family name contains (case and accents ignored)", explode = Explode.TRUE)
        @Nullable @QueryValue("family:contains") List<String> familyContains,
        @Parameter(description = "Given or middle name starts-with; 1 to 100 characters", explode = Explode.TRUE)
        @Nullable @QueryValue("given") List<String> given,
        @Parameter(description = "Given or middle name exactly as written (case and accents count)", explode = Explode.TRUE)
        @Nullable @QueryValue("given:exact") List<String> givenExact,
        @Parameter(description = "Given or middle name contains (case and accents ignored)", explode = Explode.TRUE)
        @Nullable @QueryValue("given:contains") List<String> givenContains,
        @Parameter(description = "Given or middle name, or a nickname of it, either direction", explode = Explode.TRUE)
        @Nullable @QueryValue("given:nickname") List<String> givenNickname,
        @Parameter(description = "[eq|ge|le|gt|lt]YYYY[-MM[-DD]] (a partial date is its whole year or month); repeat to bound both sides (the values AND together)",
                explode = Explode.TRUE, example = "ge1980")
        @Nullable @QueryValue("birthdate") List<String> birthdate,
        @Parameter(description = "Gender", schema = @Schema(implementation = String.class, allowableValues = {"female", "male", "other", "unknown"}))
        @Nullable @QueryValue("gender") String gender,
        @Parameter(description = FhirResources.MRN_SYSTEM + "|{mrn}, or {mrn}: the medical record number (1 to 64 characters)",
                schema = @Schema(implementation = String.class, maxLength = 150, example = "M000000001"))
        @Nullable @QueryValue("identifier") String identifier,
        @Parameter(description = "A phone number in any formatting, or its last 4+ digits", schema = @Schema(implementation = String.class, example = "555-010-0001"))
        @Nullable @QueryValue("phone") String phone,
        @Parameter(description = "E-mail address, any case", schema = @Schema(implementation = String.class, maxLength = 254, example = "jose@example.com"))
        @Nullable @QueryValue("email") String email,
        @Parameter(description = "phone|{number} or email|{address} (without a system: an e-mail if it has @, else a phone)",
                schema = @Schema(implementation = String.class, example = "phone|555-010-0001"))
        @Nullable @QueryValue("telecom") String telecom,
        @Parameter(description = "Starts-with any part of an address (street, city, state, postal code, country); 1 to 100 characters; only with another selective parameter", explode = Explode.TRUE)
        @Nullable @QueryValue("address") List<String> address,
        @Parameter(description = "City starts-with; 1 to 100 characters; only with another selective parameter", explode = Explode.TRUE)
        @Nullable @QueryValue("address-city") List<String> addressCity,
        @Parameter(description = "Postal code starts-with; 1 to 100 characters; only with another selective parameter", explode = Explode.TRUE)
        @Nullable @QueryValue("address-postalcode") List<String> addressPostalcode,
        @Parameter(description = "true, or false (inactive, deceased and merged records)", schema = @Schema(implementation = String.class, allowableValues = {"true", "false"}))
        @Nullable @QueryValue("active") String active,
        @Parameter(description = "Patient ids, comma-separated or repeated; at most 100", explode = Explode.TRUE, example = "1,2")
        @Nullable @QueryValue("_id") List<String> id,
        @Parameter(description = "The API's typo-tolerant search (names with typos, accents, prefixes; a date or year in the text); combines only with "
                + "birthdate, gender, identifier, phone, email, _count, _total",
                schema = @Schema(implementation = String.class, maxLength = 200, example = "jose garcia 1980"))
        @Nullable @QueryValue("_content") String content,
        @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "20"))
        @Nullable @QueryValue("_count") String count,
        @Parameter(description = "family (family, given, id; the default) or -_lastUpdated (newest first)",
                schema = @Schema(implementation = String.class, allowableValues = {"family", "-_lastUpdated"}))
        @Nullable @QueryValue("_sort") String sort,
        @Parameter(description = "none leaves total out; otherwise total is given when the whole result is on the first page",
                schema = @Schema(implementation = String.class, allowableValues = {"none", "estimate", "accurate"}))
        @Nullable @QueryValue("_total") String total,
        @Parameter(description = "The encrypted cursor of the link next of the previous page (bound to the same query and caller); follow that link rather than building it",
                schema = @Schema(implementation = String.class))
        @Nullable @QueryValue(FhirLinks.CURSOR) String cursor) {
}
