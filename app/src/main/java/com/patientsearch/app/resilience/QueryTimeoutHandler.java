package com.patientsearch.app.resilience;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.hibernate.QueryTimeoutException;

/** A statement ran past statement_timeout. */
@Singleton
@Produces("application/problem+json")
class QueryTimeoutHandler implements ExceptionHandler<QueryTimeoutException, HttpResponse<?>> {

    private final DatabaseFailureResponses responses;

    QueryTimeoutHandler(DatabaseFailureResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, QueryTimeoutException exception) {
        return responses.respond(request, exception);
    }
}
