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

    /** Hands an exception of type {@code E} to {@link ApiProblems}. */
    abstract static class ToApiProblems<E extends Exception> implements ExceptionHandler<E, HttpResponse<?>> {

        private final ApiProblems problems;

        ToApiProblems(ApiProblems problems) {
            this.problems = problems;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, E exception) {
            return problems.handle(request, exception);
        }
    }

    @Produces
    @Singleton
    @Replaces(DefaultAuthorizationExceptionHandler.class)
    static class Authorization extends ToApiProblems<AuthorizationException> {
        Authorization(ApiProblems problems) {
            super(problems);
        }
    }

    @Produces
    @Singleton
    @Replaces(ContentLengthExceededHandler.class)
    static class BodyTooLarge extends ToApiProblems<ContentLengthExceededException> {
        BodyTooLarge(ApiProblems problems) {
            super(problems);
        }
    }

    @Produces
    @Singleton
    @Replaces(JsonExceptionHandler.class)
    static class MalformedJson extends ToApiProblems<JsonSyntaxException> {
        MalformedJson(ApiProblems problems) {
            super(problems);
        }
    }
}
