package com.patientsearch.app.fhir;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Searchset bundles: self and next links (the next one carries our encrypted keyset cursor), entries with full URLs. */
@Singleton
class FhirLinks {

    /** The query parameter that carries the encrypted keyset cursor of the next page. */
    static final String CURSOR = "_cursor";
    static final String BASE_PATH = "/fhir/r4";

    private final HttpHostResolver hosts;

    FhirLinks(HttpHostResolver hosts) {
        this.hosts = hosts;
    }

    String base(HttpRequest<?> request) {
        return hosts.resolve(request) + BASE_PATH;
    }

    /**
     * @param next the cursor of the next page, or null on the last one
     * @param total whether the total may be stated: only when it costs nothing (this page holds the whole result)
     */
    static Bundle searchset(String base, String type, FhirParams params, List<? extends Resource> resources,
                            String next, boolean total) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        boolean firstPage = !params.has(CURSOR);
        if (total && next == null && firstPage) {
            bundle.setTotal(resources.size());
        }
        bundle.addLink().setRelation("self").setUrl(url(base, type, params.values(), params.has(CURSOR) ? params.one(CURSOR) : null));
        if (next != null) {
            bundle.addLink().setRelation("next").setUrl(url(base, type, params.values(), next));
        }
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(base + "/" + type + "/" + resource.getIdElement().getIdPart()).setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    /** The parameters as understood (ignored ones left out, as FHIR asks), with the given cursor. */
    private static String url(String base, String type, Map<String, List<String>> values, String cursor) {
        StringJoiner query = new StringJoiner("&");
        values.forEach((name, all) -> {
            if (!name.equals(CURSOR)) {
                all.forEach(v -> query.add(encode(name) + "=" + encode(v)));
            }
        });
        if (cursor != null) {
            query.add(CURSOR + "=" + encode(cursor));
        }
        return base + "/" + type + (query.length() == 0 ? "" : "?" + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
