package com.patientsearch.app.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import com.patientsearch.app.api.KnownParameters;
import com.patientsearch.search.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.sql.SQLException;

/**
 * {@code GET /api/v1/admin/audit}: who touched which patients, newest first, for operations (ops role only: the
 * security rules cover /api/v1/admin/**). Filters: patient, user, action, from, to; keyset paging via nextCursor.
 */
@Controller("/api/v1/admin/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Operations")
// The ops role comes from the /api/v1/admin/** rule in application.yml; stated here for the OpenAPI document.
@SecurityRequirement(name = "bearerAuth", scopes = "ops")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
class AuditController {

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Read the audit trail", description = "Who read, searched or wrote which patients, newest first; keyset paging with cursor.")
    @ApiResponse(responseCode = "200", description = "One page of audit events")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    Page<AuditLog.AuditItem> find(HttpRequest<?> request, @RequestBean AuditRequest params) throws SQLException {
        KnownParameters.require(request, AuditQuery.NAMES);
        return log.find(params.query());
    }
}
