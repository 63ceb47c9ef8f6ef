package com.patientsearch.app.resilience;

import com.patientsearch.app.api.RouteNames;
import com.patientsearch.persistence.resilience.DatabaseFailures;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The problem+json answers for database failures: 503 with {@code Retry-After} when the database is out of reach,
 * busy (pool exhausted) or too slow (statement timeout), a plain 500 otherwise. Bodies and logs carry the failure's
 * kind only: never SQL, bind values or patient data.
 */
@Singleton
public class DatabaseFailureResponses {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailureResponses.class);

    private final ApiResilienceProperties properties;

    DatabaseFailureResponses(ApiResilienceProperties properties) {
        this.properties = properties;
    }

    public HttpResponse<?> respond(HttpRequest<?> request, Throwable failure) {
        if (DatabaseFailures.isUnavailable(failure)) {
            String reason = DatabaseFailures.isPoolExhausted(failure)
                    ? "All database connections are busy."
                    : "The database is not available right now.";
            LOG.warn("503 for {} {}: {}", request.getMethod(), RouteNames.of(request), failure.getClass().getSimpleName());
            long seconds = Math.max(1, properties.getRetryAfter().toSeconds());
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                    .contentType(PROBLEM_JSON)
                    .body(problem("https://patient-search.example/problems/database-unavailable",
                            "Service temporarily unavailable", 503, reason + " Retry after " + seconds + " s."));
        }
        if (DatabaseFailures.isDataException(failure)) {
            LOG.warn("400 for {} {}: {}", request.getMethod(), RouteNames.of(request), DatabaseFailures.describe(failure));
            return HttpResponse.status(HttpStatus.BAD_REQUEST)
                    .contentType(PROBLEM_JSON)
                    .body(problem("https://patient-search.dev/problems/invalid-value", "Invalid value", 400,
                            "A value of the request is not acceptable to the database."));
        }
        // Class and SQLState only: the message (and its causes') can quote the values of a violated row
        LOG.error("500 for {} {}: {}", request.getMethod(), RouteNames.of(request), DatabaseFailures.describe(failure));
        return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(PROBLEM_JSON)
                .body(problem("about:blank", "Internal Server Error", 500, "The request failed."));
    }

    /**
     * The audit trail could not take an event (queue full and the direct write failed): the patient data of this
     * request is withheld, since access must not go unaudited. 503 with Retry-After, like other database outages.
     */
    public HttpResponse<?> auditUnavailable(HttpRequest<?> request) {
        LOG.warn("503 for {} {}: audit trail unavailable", request.getMethod(), RouteNames.of(request));
        long seconds = Math.max(1, properties.getRetryAfter().toSeconds());
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(PROBLEM_JSON)
                .body(problem("https://patient-search.dev/problems/audit-unavailable", "Service temporarily unavailable", 503,
                        "Access cannot be audited right now, so it is refused. Retry after " + seconds + " s."));
    }

    private static Map<String, Object> problem(String type, String title, int status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
