package com.patientsearch.app.api;

import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.http.HttpRequest;

import java.util.Set;

/** A misspelt or unsupported query parameter ("page", "offset") is refused, not silently ignored. */
public final class KnownParameters {

    private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}");

    private KnownParameters() {
    }

    static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f;
    }

    public static void require(HttpRequest<?> request, Set<String> known) {
        for (String name : request.getParameters().names()) {
            if (!known.contains(name)) {
                // named back only when it looks like a parameter name: a query string can carry anything
                throw PLAIN_NAME.matcher(name).matches()
                        ? new InvalidParameterException(name, "is not a parameter of this endpoint")
                        : new InvalidParameterException("parameter", "an unknown parameter was sent");
            }
            if (request.getParameters().getAll(name).size() > 1) {
                throw new InvalidParameterException(name, "must be given once");
            }
            String value = request.getParameters().get(name);
            if (value != null && value.chars().anyMatch(KnownParameters::isControl)) {
                // PostgreSQL text cannot hold NUL, and no parameter of this API has a use for control characters
                throw new InvalidParameterException(name, "must not contain control characters");
            }
        }
    }
}
