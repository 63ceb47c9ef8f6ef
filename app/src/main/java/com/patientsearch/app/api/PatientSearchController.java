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
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.PatientHit;
import com.patientsearch.search.patient.PatientSearchParams;
import com.patientsearch.search.patient.PatientSearchService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

/**
 * {@code GET /api/v1/patients/search}. Parameters arrive as strings and are validated in one place
 * ({@code PatientSearchQuery}), so every 400 names its field the same way.
 */
@Controller("/api/v1/patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN})
class PatientSearchController {

    private final PatientSearchService search;
    private final AuditTrail audit;

    PatientSearchController(PatientSearchService search, AuditTrail audit) {
        this.search = search;
        this.audit = audit;
    }

    @Get(uri = "/search", produces = MediaType.APPLICATION_JSON)
    Page<PatientHit> search(HttpRequest<?> request, CallerScope caller,
                            @Nullable @QueryValue String clinic,
                            @Nullable @QueryValue String q,
                            @Nullable @QueryValue String dob,
                            @Nullable @QueryValue String phone,
                            @Nullable @QueryValue String email,
                            @Nullable @QueryValue String mrn,
                            @Nullable @QueryValue String gender,
                            @Nullable @QueryValue String status,
                            @Nullable @QueryValue String sort,
                            @Nullable @QueryValue String limit,
                            @Nullable @QueryValue String cursor,
                            @Nullable @QueryValue String address) {
        KnownParameters.require(request, PatientSearchParams.NAMES);
        Page<PatientHit> page = search.search(caller,
                new PatientSearchParams(clinic, q, dob, phone, email, mrn, gender, status, sort, limit, cursor, address));
        // The route, never the query string: it holds names and phone numbers.
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /api/v1/patients/search",
                page.items().stream().map(PatientHit::id).toList()));
        return page;
    }
}
