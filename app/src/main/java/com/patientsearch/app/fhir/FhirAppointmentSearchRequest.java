package com.patientsearch.app.fhir;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The search parameters of {@code GET /fhir/r4/Appointment}, described for the API document only: {@link FhirParams}
 * reads the request itself and {@link FhirAppointmentQuery} validates. The names here are
 * {@link FhirAppointmentQuery#NAMES}; OpenApiContractTest checks the document and the CapabilityStatement agree.
 */
@Introspected
record FhirAppointmentSearchRequest(
        @Parameter(description = "Patient/{id} or {id}: the patient's appointments, newest first; date optional",
                schema = @Schema(implementation = String.class, pattern = "^(Patient/)?[0-9]{1,18}$", example = "Patient/1"))
        @Nullable @QueryValue("patient") String patient,
        @Parameter(description = "Patient/{id} or Practitioner/{id}: as patient or practitioner",
                schema = @Schema(implementation = String.class, pattern = "^(Patient|Practitioner)/[0-9]{1,18}$", example = "Practitioner/1"))
        @Nullable @QueryValue("actor") String actor,
        @Parameter(description = "Practitioner/{id} or {id}, with date: the practitioner's days, earliest first; not with patient",
                schema = @Schema(implementation = String.class, pattern = "^(Practitioner/)?[0-9]{1,18}$", example = "Practitioner/1"))
        @Nullable @QueryValue("practitioner") String practitioner,
        @Parameter(description = "[eq|ge|le|gt|lt]YYYY[-MM[-DD]] (a partial date is its whole year or month), days in the clinic's time zone; "
                + "repeat to bound both sides (the values AND together). Without patient both sides bounded, at most 366 days; alone only with a token of one clinic",
                explode = Explode.TRUE, example = "ge2026-11-01")
        @Nullable @QueryValue("date") List<String> date,
        @Parameter(description = "Comma-separated or repeated: booked, checked-in, fulfilled, cancelled, noshow", explode = Explode.TRUE, example = "booked")
        @Nullable @QueryValue("status") List<String> status,
        @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "20"))
        @Nullable @QueryValue("_count") String count,
        @Parameter(description = "none leaves total out; otherwise total is given when the whole result is on the first page",
                schema = @Schema(implementation = String.class, allowableValues = {"none", "estimate", "accurate"}))
        @Nullable @QueryValue("_total") String total,
        @Parameter(description = "The encrypted cursor of the link next of the previous page; follow that link rather than building it",
                schema = @Schema(implementation = String.class))
        @Nullable @QueryValue(FhirLinks.CURSOR) String cursor) {
}
