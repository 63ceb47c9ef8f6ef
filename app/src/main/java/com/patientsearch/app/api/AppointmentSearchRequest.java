package com.patientsearch.app.api;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.search.appointment.AppointmentSearchParams;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query parameters of {@code GET /api/v1/appointments/search} as sent, described for the API document;
 * {@code AppointmentQuery} validates them.
 */
@Introspected
record AppointmentSearchRequest(
        @Parameter(description = "Patient id: the timeline", schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$", example = "1"))
        @Nullable @QueryValue String patient,
        @Parameter(description = "Provider id, with date", schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$", example = "1"))
        @Nullable @QueryValue String provider,
        @Parameter(description = "One day (with provider or patient; not with from/to)", schema = @Schema(implementation = String.class, format = "date", example = "2026-11-23"))
        @Nullable @QueryValue String date,
        @Parameter(description = "Clinic code, with from and to", schema = @Schema(implementation = String.class, pattern = "^" + Clinic.CODE_PATTERN + "$", example = "CL0001"))
        @Nullable @QueryValue String clinic,
        @Parameter(description = "First day (with clinic or provider, which need to as well; or with patient)", schema = @Schema(implementation = String.class, format = "date", example = "2026-11-23"))
        @Nullable @QueryValue String from,
        @Parameter(description = "Last day, inclusive (with clinic or provider: at most 366 days after from; or with patient)", schema = @Schema(implementation = String.class, format = "date", example = "2026-11-30"))
        @Nullable @QueryValue String to,
        @Parameter(description = "Comma-separated statuses", schema = @Schema(implementation = String.class, pattern = "^(scheduled|confirmed|checked_in|completed|cancelled|no_show)(,(scheduled|confirmed|checked_in|completed|cancelled|no_show))*$", example = "scheduled,confirmed"))
        @Nullable @QueryValue String status,
        @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "20"))
        @Nullable @QueryValue String limit,
        @Parameter(description = "nextCursor of the previous page", schema = @Schema(implementation = String.class))
        @Nullable @QueryValue String cursor,
        @Parameter(description = "Full text over the reasons, web-search syntax (\"back pain\", medication -refill), English stemming; best match first", schema = @Schema(implementation = String.class, maxLength = 200, example = "back pain"))
        @Nullable @QueryValue String text,
        @Parameter(description = "Order of a text search: relevance (best match first, the default) or recent (newest first)", schema = @Schema(implementation = String.class, allowableValues = {"relevance", "recent"}, defaultValue = "relevance"))
        @Nullable @QueryValue String sort) {

    AppointmentSearchParams params() {
        return new AppointmentSearchParams(patient, provider, date, clinic, from, to, status, limit, cursor, text, sort);
    }
}
