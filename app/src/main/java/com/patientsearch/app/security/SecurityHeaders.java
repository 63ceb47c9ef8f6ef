package com.patientsearch.app.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff} on every response, errors included:
 * patient data must not stay in a browser's or a proxy's cache, and no answer may be sniffed into HTML. Data paths
 * ({@code /api}, {@code /fhir}) always get no-store; elsewhere (a static page, a document) a controller's own
 * Cache-Control stands.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeaders implements Ordered {

    static final String NO_STORE = "no-store";

    @ResponseFilter
    void onResponse(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
        String path = request.getPath();
        if (path.startsWith("/api/") || path.startsWith("/fhir/") || !response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
