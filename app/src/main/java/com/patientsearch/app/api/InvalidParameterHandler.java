package com.patientsearch.app.api;

import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 400 naming the parameter and why it cannot be used. */
@Produces
@Singleton
class InvalidParameterHandler implements ExceptionHandler<InvalidParameterException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidParameterException exception) {
        return Problems.invalidParameter(exception.field(), exception.reason());
    }
}
