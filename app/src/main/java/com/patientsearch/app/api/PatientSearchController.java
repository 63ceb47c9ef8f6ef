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
import io.micronaut.http.annotation.QueryValue;

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
                            @Parameter(description = "Only this clinic (one of the token's)", schema = @Schema(implementation = String.class, pattern = "^[A-Za-z0-9_-]{1,32}$", example = "CL0001")) @Nullable @QueryValue String clinic,
                            @Parameter(description = "Name words in any order, typos and accents tolerated, the last word may be a prefix; a date (YYYY-MM-DD, M/D/YYYY) or a year inside filters the date of birth. At most 200 characters and 6 words.", schema = @Schema(implementation = String.class, minLength = 1, maxLength = 200, example = "jon smth 1980")) @Nullable @QueryValue String q,
                            @Parameter(description = "Date of birth", schema = @Schema(implementation = String.class, format = "date", example = "1980-05-17")) @Nullable @QueryValue String dob,
                            @Parameter(description = "A phone number in any formatting, or its last 4+ digits (4 to 15 digits)", schema = @Schema(implementation = String.class, pattern = "^[0-9 ()+./-]+$", example = "(555) 555-0110")) @Nullable @QueryValue String phone,
                            @Parameter(description = "E-mail address, any case", schema = @Schema(implementation = String.class, maxLength = 254, example = "maria.garcia@example.com")) @Nullable @QueryValue String email,
                            @Parameter(description = "Medical record number", schema = @Schema(implementation = String.class, maxLength = 64, example = "M000000001")) @Nullable @QueryValue String mrn,
                            @Parameter(description = "Gender", schema = @Schema(implementation = String.class, allowableValues = {"female", "male", "other", "unknown"})) @Nullable @QueryValue String gender,
                            @Parameter(description = "Comma-separated statuses (active, inactive, deceased, merged); default: all but merged", schema = @Schema(implementation = String.class, pattern = "^(active|inactive|deceased|merged)(,(active|inactive|deceased|merged))*$", example = "active")) @Nullable @QueryValue String status,
                            @Parameter(description = "relevance (needs q; the default with q), name (the default otherwise) or recent", schema = @Schema(implementation = String.class, allowableValues = {"relevance", "name", "recent"})) @Nullable @QueryValue String sort,
                            @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "20")) @Nullable @QueryValue String limit,
                            @Parameter(description = "nextCursor of the previous page (encrypted; bound to the same query and caller)", schema = @Schema(implementation = String.class)) @Nullable @QueryValue String cursor,
                            @Parameter(description = "Street, town or postal code words, typos and accents tolerated, matched anywhere in the address; at most 200 characters and 8 words", schema = @Schema(implementation = String.class, maxLength = 200, example = "maple springfield")) @Nullable @QueryValue String address) {
        KnownParameters.require(request, PatientSearchParams.NAMES);
        Page<PatientHit> page = search.search(caller,
                new PatientSearchParams(clinic, q, dob, phone, email, mrn, gender, status, sort, limit, cursor, address));
        // The route, never the query string: it holds names and phone numbers.
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /api/v1/patients/search",
                page.items().stream().map(PatientHit::id).toList()));
        return page;
    }
}
