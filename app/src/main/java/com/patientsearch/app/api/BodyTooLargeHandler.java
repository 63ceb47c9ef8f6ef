package com.patientsearch.app.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body over the server's limit (micronaut.server.max-request-size, or max-request-buffer-size for bodies read
 * whole): 413 naming the limit in bytes (Micronaut's own answer has no detail). Micronaut's message holds only the
 * two lengths, never body content; only the limit is taken from it.
 */
@Produces
@Singleton
@Replaces(ContentLengthExceededHandler.class)
class BodyTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

    /** "... maximum allowed content length [1048576]": the last bracketed number. */
    private static final Pattern LIMIT = Pattern.compile("\\[(\\d+)\\]\\s*$");

    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
        Matcher limit = LIMIT.matcher(String.valueOf(exception.getMessage()));
        String detail = limit.find() ? "body: larger than the limit of " + limit.group(1) + " bytes" : "body: larger than the server accepts";
        return Problems.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large", detail);
    }
}
