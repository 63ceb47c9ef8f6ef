package com.patientsearch.app.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The problem+json answers of the API's own errors (RFC 9457), in one place: type URIs, titles, extra members.
 * Micronaut's built-in errors (404 route, 405, malformed JSON, 500) are rendered by micronaut-problem-json.
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://patient-search.dev/problems/";

    private Problems() {
    }

    /** An RFC 9457 body; {@code field} and {@code reason} only for invalid input. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(String type, String title, int status, String detail, @Nullable String field, @Nullable String reason) {
    }

    static HttpResponse<Problem> invalidParameter(String field, String reason) {
        return respond(HttpStatus.BAD_REQUEST,
                new Problem(TYPE_BASE + "invalid-parameter", "Invalid parameter", 400, field + ": " + reason, field, reason));
    }

    /** A body past the route's limit of {@code limit} bytes (413). */
    static MutableHttpResponse<Problem> tooLarge(long limit) {
        return of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large",
                "body: larger than the limit of " + limit + " bytes");
    }

    static MutableHttpResponse<Problem> of(HttpStatus status, String slug, String title, String detail) {
        return respond(status, new Problem(TYPE_BASE + slug, title, status.getCode(), detail, null, null));
    }

    private static MutableHttpResponse<Problem> respond(HttpStatus status, Problem problem) {
        return HttpResponse.<Problem>status(status).contentType(CONTENT_TYPE).body(problem);
    }
}
