package com.patientsearch.app.resilience;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;

/** A transaction could not begin: usually no connection could be had. */
@Singleton
@Produces("application/problem+json")
class TransactionStartFailureHandler implements ExceptionHandler<CannotCreateTransactionException, HttpResponse<?>> {

    private final DatabaseFailureResponses responses;

    TransactionStartFailureHandler(DatabaseFailureResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, CannotCreateTransactionException exception) {
        return responses.respond(request, exception);
    }
}
