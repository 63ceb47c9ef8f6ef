package com.patientsearch.app.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 429 problem+json with {@code Retry-After} in whole seconds. */
@Produces
@Singleton
class TooManyRequestsHandler implements ExceptionHandler<TooManyRequestsException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, TooManyRequestsException exception) {
        long seconds = Math.max(1, exception.retryAfter().toSeconds());
        return Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
                        exception.getMessage() + " Retry after " + seconds + " s.")
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
    }
}
