package com.patientsearch.app.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.security.Roles;
import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.time.Instant;
import java.util.List;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.appointment.AppointmentHit;
import com.patientsearch.search.appointment.AppointmentSearchParams;
import com.patientsearch.search.appointment.AppointmentSearchService;
import com.patientsearch.search.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;

/** {@code GET /api/v1/appointments/search}: a patient's timeline, a provider's days, or a clinic's range. */
@Controller("/api/v1/appointments")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN})
@Tag(name = "Appointments")
class AppointmentSearchController {

    private final AppointmentSearchService search;
    private final AuditTrail audit;

    AppointmentSearchController(AppointmentSearchService search, AuditTrail audit) {
        this.search = search;
        this.audit = audit;
    }

    @Get(uri = "/search", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Search appointments", description = "Exactly one of: patient (the timeline, newest first; "
            + "date, or from and/or to, keep the patient's clinic's days); provider with date, or with from and to (at most "
            + "366 days, in the clinic's time zone); clinic with from and to (at most 366 days, "
            + "in the clinic's time zone); or text, a full-text search of the reasons (best match first, or newest first with sort=recent), "
            + "which patient, provider, clinic and from/to narrow. Keyset paging with cursor.")
    @ApiResponse(responseCode = "200", description = "One page of appointments")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    Page<AppointmentHit> search(HttpRequest<?> request, @Parameter(hidden = true) CallerScope caller,
                            @RequestBean AppointmentSearchRequest params) {
        KnownParameters.require(request, AppointmentSearchParams.NAMES);
        Page<AppointmentHit> page = search.search(caller, params.params());
        // Appointment hits name their patients: a read of those patients, listed once each in hit order.
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /api/v1/appointments/search",
                page.items().stream().map(AppointmentHit::patientId).distinct().toList()));
        return page;
    }
}
