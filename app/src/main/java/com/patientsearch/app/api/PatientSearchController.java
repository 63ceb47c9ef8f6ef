package com.patientsearch.app.api;

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
class PatientSearchController {

    private final PatientSearchService search;

    PatientSearchController(PatientSearchService search) {
        this.search = search;
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
                            @Nullable @QueryValue String cursor) {
        KnownParameters.require(request, PatientSearchParams.NAMES);
        return search.search(caller, new PatientSearchParams(clinic, q, dob, phone, email, mrn, gender, status, sort, limit, cursor));
    }
}
