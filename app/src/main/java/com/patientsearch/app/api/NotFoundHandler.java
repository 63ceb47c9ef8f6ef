package com.patientsearch.app.api;

import com.patientsearch.search.common.NotFoundException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import io.micronaut.http.HttpStatus;

@Produces
@Singleton
class NotFoundHandler implements ExceptionHandler<NotFoundException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, NotFoundException exception) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", exception.getMessage());
    }
}
