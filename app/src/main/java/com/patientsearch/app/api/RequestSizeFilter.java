package com.patientsearch.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.HttpServerConfiguration;

/**
 * Bodies of any route but the streamed import are read whole, so they are held to
 * {@code micronaut.server.max-request-buffer-size} (1MB); {@code max-request-size} (50MB) is the import's. A declared
 * Content-Length past the buffer limit is answered 413 here, before anything reads the body: Micronaut's own
 * buffer-overflow path can leave a client that is still sending waiting for an answer.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RequestSizeFilter {

    /** Routes that stream their body (the CSV import) and may use the whole max-request-size. */
    static final String STREAMING_PREFIX = "/api/v1/imports/";

    private final long bufferLimit;

    RequestSizeFilter(HttpServerConfiguration server) {
        this.bufferLimit = server.getMaxRequestBufferSize();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseOversizedBodies(HttpRequest<?> request) {
        long declared = request.getContentLength();
        if (declared > bufferLimit && !request.getPath().startsWith(STREAMING_PREFIX)) {
            return Problems.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large", "Request body too large",
                    "The body has " + declared + " bytes; this endpoint accepts at most " + bufferLimit + ".");
        }
        return null;
    }
}
