package com.patientsearch.app.resilience;

import com.patientsearch.app.api.RouteNames;
import com.patientsearch.persistence.audit.AuditUnavailableException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail could not take an event (queue full and the direct write failed): the patient data of this
 * request is withheld, since access must not go unaudited. 503 with Retry-After, like other database outages.
 */
@Singleton
@Produces("application/problem+json")
class AuditUnavailableHandler implements ExceptionHandler<AuditUnavailableException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(AuditUnavailableHandler.class);

    private final ApiResilienceProperties properties;

    AuditUnavailableHandler(ApiResilienceProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, AuditUnavailableException exception) {
        LOG.warn("503 for {} {}: audit trail unavailable", request.getMethod(), RouteNames.of(request));
        long seconds = Math.max(1, properties.getRetryAfter().toSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://patient-search.dev/problems/audit-unavailable");
        body.put("title", "Service temporarily unavailable");
        body.put("status", 503);
        body.put("detail", "Access cannot be audited right now, so it is refused. Retry after " + seconds + " s.");
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(DatabaseFailureResponses.PROBLEM_JSON)
                .body(body);
    }
}
