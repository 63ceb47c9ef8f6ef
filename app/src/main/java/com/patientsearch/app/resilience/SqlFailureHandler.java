package com.patientsearch.app.resilience;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;

/** A raw SQLException (JDBC work inside a service), e.g. the Agroal acquisition timeout itself. */
@Singleton
@Produces("application/problem+json")
class SqlFailureHandler implements ExceptionHandler<SQLException, HttpResponse<?>> {

    private final DatabaseFailureResponses responses;

    SqlFailureHandler(DatabaseFailureResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, SQLException exception) {
        return responses.respond(request, exception);
    }
}
