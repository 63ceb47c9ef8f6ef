package com.patientsearch.app.admin;

import com.patientsearch.app.api.KnownParameters;
import com.patientsearch.search.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.sql.SQLException;

/**
 * {@code GET /api/v1/admin/audit}: who touched which patients, newest first, for operations (ops role only: the
 * security rules cover /api/v1/admin/**). Filters: patient, user, action, from, to; keyset paging via nextCursor.
 */
@Controller("/api/v1/admin/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
class AuditController {

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    Page<AuditLog.AuditItem> find(HttpRequest<?> request,
                                  @Nullable @QueryValue String patient,
                                  @Nullable @QueryValue String user,
                                  @Nullable @QueryValue String action,
                                  @Nullable @QueryValue String from,
                                  @Nullable @QueryValue String to,
                                  @Nullable @QueryValue String limit,
                                  @Nullable @QueryValue String cursor) throws SQLException {
        KnownParameters.require(request, AuditQuery.NAMES);
        return log.find(AuditQuery.parse(patient, user, action, from, to, limit, cursor));
    }
}
