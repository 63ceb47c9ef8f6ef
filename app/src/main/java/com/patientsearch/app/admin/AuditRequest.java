package com.patientsearch.app.admin;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query parameters of {@code GET /api/v1/admin/audit} as sent, described for the API document;
 * {@link AuditQuery} validates them.
 */
@Introspected
record AuditRequest(
        @Parameter(description = "Patient id", schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$"))
        @Nullable @QueryValue String patient,
        @Parameter(description = "User (the token's sub), 1 to 200 characters", schema = @Schema(implementation = String.class, maxLength = 200))
        @Nullable @QueryValue String user,
        @Parameter(description = "read, search, create, update, merge or import", schema = @Schema(implementation = String.class, allowableValues = {"read", "search", "create", "update", "merge", "import"}))
        @Nullable @QueryValue String action,
        @Parameter(description = "From (inclusive): a date or an instant", schema = @Schema(implementation = String.class, example = "2026-11-23"))
        @Nullable @QueryValue String from,
        @Parameter(description = "To (exclusive): a date or an instant", schema = @Schema(implementation = String.class, example = "2026-11-30"))
        @Nullable @QueryValue String to,
        @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1"))
        @Nullable @QueryValue String limit,
        @Parameter(description = "nextCursor of the previous page", schema = @Schema(implementation = String.class))
        @Nullable @QueryValue String cursor) {

    AuditQuery query() {
        return AuditQuery.parse(patient, user, action, from, to, limit, cursor);
    }
}
