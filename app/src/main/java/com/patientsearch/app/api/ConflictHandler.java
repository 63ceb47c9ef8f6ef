package com.patientsearch.app.api;

import com.patientsearch.search.common.ConflictException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import io.micronaut.http.HttpStatus;

@Produces
@Singleton
class ConflictHandler implements ExceptionHandler<ConflictException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConflictException exception) {
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", exception.getMessage());
    }
}
