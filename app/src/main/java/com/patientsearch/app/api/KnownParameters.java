package com.patientsearch.app.api;

import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.http.HttpRequest;

import java.util.Set;

/** A misspelt or unsupported query parameter ("page", "offset") is refused, not silently ignored. */
public final class KnownParameters {

    private KnownParameters() {
    }

    public static void require(HttpRequest<?> request, Set<String> known) {
        for (String name : request.getParameters().names()) {
            if (!known.contains(name)) {
                throw new InvalidParameterException(name, "is not a parameter of this endpoint");
            }
            if (request.getParameters().getAll(name).size() > 1) {
                throw new InvalidParameterException(name, "must be given once");
            }
        }
    }
}
