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
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.PatientHit;
import com.patientsearch.search.patient.PatientSearchParams;
import com.patientsearch.search.patient.PatientSearchService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;

/**
 * {@code GET /api/v1/patients/search}. Parameters arrive as strings and are validated in one place
 * ({@code PatientSearchQuery}), so every 400 names its field the same way.
 */
@Controller("/api/v1/patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN})
@Tag(name = "Patients")
class PatientSearchController {

    private final PatientSearchService search;
    private final AuditTrail audit;

    PatientSearchController(PatientSearchService search, AuditTrail audit) {
        this.search = search;
        this.audit = audit;
    }

    @Get(uri = "/search", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Search patients",
            description = "Typo-tolerant, accent-insensitive name search in any word order with type-ahead prefixes, "
                    + "or by phone (any formatting, or its last 4+ digits), e-mail, MRN, date of birth. At least one "
                    + "of q, phone, email, mrn, dob, address. Keyset paging: pass nextCursor back as cursor. Unknown parameters are refused.")
    @ApiResponse(responseCode = "200", description = "One page of hits, best first (or by name, or most recently updated)")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    Page<PatientHit> search(HttpRequest<?> request, @Parameter(hidden = true) CallerScope caller,
                            @RequestBean PatientSearchRequest params) {
        KnownParameters.require(request, PatientSearchParams.NAMES);
        Page<PatientHit> page = search.search(caller, params.params());
        // The route, never the query string: it holds names and phone numbers.
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /api/v1/patients/search",
                page.items().stream().map(PatientHit::id).toList()));
        return page;
    }
}
