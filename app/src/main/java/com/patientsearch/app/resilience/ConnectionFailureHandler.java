package com.patientsearch.app.resilience;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import io.micronaut.data.connection.exceptions.ConnectionException;

/** Micronaut could not open or set up a connection. */
@Singleton
@Produces("application/problem+json")
class ConnectionFailureHandler implements ExceptionHandler<ConnectionException, HttpResponse<?>> {

    private final DatabaseFailureResponses responses;

    ConnectionFailureHandler(DatabaseFailureResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConnectionException exception) {
        return responses.respond(request, exception);
    }
}
