package com.patientsearch.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.HttpServerConfiguration;

/**
 * Bodies of any route but the streamed import are read whole, so they are held to
 * {@code micronaut.server.max-request-buffer-size} (1MB); {@code max-request-size} (50MB) is the import's. A declared
 * Content-Length past the route's limit is answered 413 here, before anything reads the body, and the connection is
 * closed: Micronaut's own overflow path can leave a client that is still sending waiting for an answer, and a request
 * whose body is never read stays in flight until the graceful shutdown gives up on it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RequestSizeFilter {

    /** Routes that stream their body (the CSV import) and may use the whole max-request-size. */
    static final String STREAMING_PREFIX = "/api/v1/imports/";

    private final long bufferLimit;
    private final long streamLimit;

    RequestSizeFilter(HttpServerConfiguration server) {
        this.bufferLimit = server.getMaxRequestBufferSize();
        this.streamLimit = server.getMaxRequestSize();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseOversizedBodies(HttpRequest<?> request) {
        long limit = request.getPath().startsWith(STREAMING_PREFIX) ? streamLimit : bufferLimit;
        if (request.getContentLength() > limit) {
            return Problems.tooLarge(limit).header(HttpHeaders.CONNECTION, "close");
        }
        return null;
    }
}
