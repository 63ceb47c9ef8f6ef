package com.patientsearch.app.resilience;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.hibernate.exception.GenericJDBCException;

/** Hibernate's wrapper for an unclassified SQLException: often the pool's acquisition timeout. */
@Singleton
@Produces("application/problem+json")
class GenericJdbcFailureHandler implements ExceptionHandler<GenericJDBCException, HttpResponse<?>> {

    private final DatabaseFailureResponses responses;

    GenericJdbcFailureHandler(DatabaseFailureResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, GenericJDBCException exception) {
        return responses.respond(request, exception);
    }
}
