package com.patientsearch.app.api;

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
import io.micronaut.http.annotation.QueryValue;

/** {@code GET /api/v1/appointments/search}: a patient's timeline, a provider's day, or a clinic's range. */
@Controller("/api/v1/appointments")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN})
class AppointmentSearchController {

    private final AppointmentSearchService search;
    private final AuditTrail audit;

    AppointmentSearchController(AppointmentSearchService search, AuditTrail audit) {
        this.search = search;
        this.audit = audit;
    }

    @Get(uri = "/search", produces = MediaType.APPLICATION_JSON)
    Page<AppointmentHit> search(HttpRequest<?> request, CallerScope caller,
                                @Nullable @QueryValue String patient,
                                @Nullable @QueryValue String provider,
                                @Nullable @QueryValue String date,
                                @Nullable @QueryValue String clinic,
                                @Nullable @QueryValue String from,
                                @Nullable @QueryValue String to,
                                @Nullable @QueryValue String status,
                                @Nullable @QueryValue String limit,
                                @Nullable @QueryValue String cursor,
                                @Nullable @QueryValue String text) {
        KnownParameters.require(request, AppointmentSearchParams.NAMES);
        Page<AppointmentHit> page = search.search(caller,
                new AppointmentSearchParams(patient, provider, date, clinic, from, to, status, limit, cursor, text));
        // Appointment hits name their patients: a read of those patients, listed once each in hit order.
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /api/v1/appointments/search",
                page.items().stream().map(AppointmentHit::patientId).distinct().toList()));
        return page;
    }
}
