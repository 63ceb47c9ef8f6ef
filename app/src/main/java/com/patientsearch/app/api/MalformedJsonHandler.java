package com.patientsearch.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.json.JsonSyntaxException;
import jakarta.inject.Singleton;

/** A body that is not JSON: 400 on "body". The parser's message quotes the body, so it is neither returned nor logged. */
@Produces
@Singleton
@Replaces(JsonExceptionHandler.class)
class MalformedJsonHandler implements ExceptionHandler<JsonSyntaxException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, JsonSyntaxException exception) {
        return Problems.invalidParameter("body", "is not well-formed JSON");
    }
}
