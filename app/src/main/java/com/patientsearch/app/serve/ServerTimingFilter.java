package com.patientsearch.app.serve;

import com.patientsearch.operations.monitoring.RequestDbTime;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code Server-Timing: db;dur=<ms>} on every API response: the time the request spent executing SQL
 * ({@link RequestDbTime}), so a client or a load test can set database time against end-to-end time for the very
 * same request. On with {@code monitoring.server-timing.enabled: true} (application.yml; false in prod).
 */
@ServerFilter("/api/**")
// Only when enabled, and off in prod (application-prod.yml): database time per request is a timing side channel
// (an index scan reads other clinics' rows before the row policy filters them).
@Requires(property = "monitoring.server-timing.enabled", value = "true")
@Requires(property = "monitoring.slow-query.enabled", notEquals = "false") // the statement listener lives there
class ServerTimingFilter {

    static final String HEADER = "Server-Timing";

    @RequestFilter
    void start(HttpRequest<?> request) {
        RequestDbTime.start(request);
    }

    @ResponseFilter
    void report(HttpRequest<?> request, MutableHttpResponse<?> response) {
        RequestDbTime.nanos(request).ifPresent(nanos -> response.header(HEADER, value(nanos)));
    }

    /** {@code db;dur=<ms with 3 decimals>}, rounded half up; plain arithmetic, since a Formatter per response costs more. */
    static String value(long nanos) {
        long micros = (Math.max(0, nanos) + 500) / 1000;
        long fraction = micros % 1000;
        return "db;dur=" + micros / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }
}
