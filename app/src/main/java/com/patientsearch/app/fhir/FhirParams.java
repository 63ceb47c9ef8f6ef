package com.patientsearch.app.fhir;

import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.PageSize;
import io.micronaut.http.HttpRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A FHIR search's query string: parameter name (with its modifier, "family:exact") to values, in the order sent.
 * Unknown names are refused under {@code Prefer: handling=strict} and dropped (and left out of the self link) under
 * lenient, the default.
 */
record FhirParams(Map<String, List<String>> values, List<String> ignored) {

    /** Accepted everywhere, changing nothing we answer: the format is always JSON. */
    private static final Set<String> FORMAT = Set.of("_format", "_pretty");

    static FhirParams of(HttpRequest<?> request, Set<String> known) {
        boolean strict = request.getHeaders().getAll("Prefer").stream()
                .flatMap(h -> List.of(h.split(",")).stream())
                .map(p -> p.strip().toLowerCase(Locale.ROOT).replace(" ", ""))
                .anyMatch("handling=strict"::equals);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (String name : request.getParameters().names()) {
            sent.put(name, request.getParameters().getAll(name));
        }
        return of(sent, strict, known);
    }

    /** @param strict Prefer: handling=strict (refuse unknown parameters) rather than lenient (drop them) */
    static FhirParams of(Map<String, List<String>> sent, boolean strict, Set<String> known) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (String name : sent.keySet()) {
            if (FORMAT.contains(name)) {
                String format = sent.get(name).isEmpty() ? null : sent.get(name).get(0);
                if (name.equals("_format") && format != null && !format.toLowerCase(Locale.ROOT).contains("json")) {
                    throw new InvalidParameterException("_format", "only JSON is served");
                }
                continue;
            }
            if (!known.contains(name)) {
                if (strict) {
                    throw new InvalidParameterException(name, "is not a supported search parameter (Prefer: handling=strict)");
                }
                ignored.add(name);
                continue;
            }
            values.put(name, List.copyOf(sent.get(name)));
        }
        return new FhirParams(values, List.copyOf(ignored));
    }

    /** The one value of a parameter that may appear once, or null. */
    String one(String name) {
        List<String> all = values.get(name);
        if (all == null) {
            return null;
        }
        if (all.size() > 1) {
            throw new InvalidParameterException(name, "must be given once");
        }
        String value = all.get(0);
        if (value.isBlank()) {
            throw new InvalidParameterException(name, "must not be empty");
        }
        // _content is free text ("garcia, jose"), as the API's q
        if (value.contains(",") && !name.equals("_content")) {
            throw new InvalidParameterException(name, "takes one value (no comma-separated OR)");
        }
        return value.strip();
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** _count: 1 to 100 (the API's limits), 20 by default. */
    int count() {
        return PageSize.parse("_count", one("_count"), 20, 100);
    }

    /** _total: none and estimate are honoured by leaving total out unless the whole result is on this page. */
    boolean totalWanted() {
        String total = one("_total");
        if (total == null) {
            return true;
        }
        return switch (total) {
            case "none" -> false;
            case "estimate", "accurate" -> true;
            default -> throw new InvalidParameterException("_total", "must be none, estimate or accurate");
        };
    }
}
