package com.patientsearch.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.persistence.OptimisticLockException;

/** Two writers raced past the version check: the later flush loses, as 409, and re-reads. */
@Produces
@Singleton
class OptimisticLockHandler implements ExceptionHandler<OptimisticLockException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, OptimisticLockException exception) {
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
                "the patient was changed by someone else meanwhile: read it again");
    }
}
