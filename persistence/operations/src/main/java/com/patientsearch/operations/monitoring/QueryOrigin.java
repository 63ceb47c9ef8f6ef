package com.patientsearch.operations.monitoring;

import io.micronaut.context.env.Environment;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Names what caused a statement: the HTTP route template (never the concrete path, which may carry an id or a
 * name), else {@code cli} in a command-line context, else {@code background}.
 */
@Singleton
class QueryOrigin {

    private final String fallback;

    QueryOrigin(Environment environment) {
        this.fallback = environment.getActiveNames().contains(Environment.CLI) ? "cli" : "background";
    }

    String current() {
        Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
        return request.map(r -> r.getMethodName() + " " + BasicHttpAttributes.getUriTemplate(r).orElse("(unmatched)"))
                .orElse(fallback);
    }
}
