package com.patientsearch.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;

/**
 * The route of a request as declared ({@code /api/v1/patients/{id}}), for answers and log lines: never the path as
 * sent, whose segments can carry anything (an id that is a name, control characters, megabytes).
 */
public final class RouteNames {

    private RouteNames() {
    }

    public static String of(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate().toPathString())
                .orElse("(no route)");
    }
}
