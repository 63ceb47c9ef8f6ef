package com.patientsearch.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort: any exception no more specific handler took. The answer and the log carry the exception's class
 * only, never its message (a JDBC message can quote SQL and patient data).
 */
@Produces
@Singleton
class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        LOG.error("unexpected {} on {} {}", exception.getClass().getName(), request.getMethod(), RouteNames.of(request));
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "an unexpected error occurred");
    }
}
