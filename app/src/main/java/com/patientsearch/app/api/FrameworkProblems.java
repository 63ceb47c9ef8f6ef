package com.patientsearch.app.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The framework has handlers of its own for these exceptions, closer to them than {@link ApiProblems}: each is
 * replaced by one that hands the exception to the one mapping. (Micronaut's authorization handler can redirect; its
 * body-too-large answer has no detail; its JSON one would quote the parser's message, which quotes the body.)
 */
final class FrameworkProblems {

    private FrameworkProblems() {
    }

    @Produces
    @Singleton
    @Replaces(DefaultAuthorizationExceptionHandler.class)
    static class Authorization implements ExceptionHandler<AuthorizationException, HttpResponse<?>> {

        private final ApiProblems problems;

        Authorization(ApiProblems problems) {
            this.problems = problems;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
            return problems.handle(request, exception);
        }
    }

    @Produces
    @Singleton
    @Replaces(ContentLengthExceededHandler.class)
    static class BodyTooLarge implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

        private final ApiProblems problems;

        BodyTooLarge(ApiProblems problems) {
            this.problems = problems;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
            return problems.handle(request, exception);
        }
    }

    @Produces
    @Singleton
    @Replaces(JsonExceptionHandler.class)
    static class MalformedJson implements ExceptionHandler<JsonSyntaxException, HttpResponse<?>> {

        private final ApiProblems problems;

        MalformedJson(ApiProblems problems) {
            this.problems = problems;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonSyntaxException exception) {
            return problems.handle(request, exception);
        }
    }
}
