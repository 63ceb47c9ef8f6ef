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

/** A body over micronaut.server.max-request-size: 413 naming the limit (Micronaut's own answer has no detail). */
@Produces
@Singleton
@Replaces(ContentLengthExceededHandler.class)
class BodyTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
        return Problems.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large",
                "body: larger than the 1MB limit");
    }
}
