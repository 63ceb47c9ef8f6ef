package com.patientsearch.app.api;

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
class AppointmentSearchController {

    private final AppointmentSearchService search;

    AppointmentSearchController(AppointmentSearchService search) {
        this.search = search;
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
                                @Nullable @QueryValue String cursor) {
        KnownParameters.require(request, AppointmentSearchParams.NAMES);
        return search.search(caller, new AppointmentSearchParams(patient, provider, date, clinic, from, to, status, limit, cursor));
    }
}
