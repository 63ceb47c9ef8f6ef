package com.patientsearch.app.resilience;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.hibernate.exception.JDBCConnectionException;

/** Hibernate could not open or keep a connection (down, restarting, pool exhausted). */
@Singleton
@Produces("application/problem+json")
class JdbcConnectionFailureHandler implements ExceptionHandler<JDBCConnectionException, HttpResponse<?>> {

    private final DatabaseFailureResponses responses;

    JdbcConnectionFailureHandler(DatabaseFailureResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, JDBCConnectionException exception) {
        return responses.respond(request, exception);
    }
}
