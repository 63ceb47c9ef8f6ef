package com.patientsearch.app.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** One FHIR R4 context per application (building it scans the whole model: seconds) and its JSON parser. */
@Singleton
class FhirJson {

    static final String MEDIA_TYPE = "application/fhir+json";
    static final String CONTENT_TYPE = MEDIA_TYPE + ";charset=utf-8";

    private final FhirContext context = FhirContext.forR4();

    FhirContext context() {
        return context;
    }

    String write(IBaseResource resource) {
        // A parser is cheap and not thread-safe: one per call.
        IParser parser = context.newJsonParser();
        return parser.encodeResourceToString(resource);
    }

    MutableHttpResponse<String> respond(HttpStatus status, IBaseResource resource) {
        return HttpResponse.<String>status(status).contentType(CONTENT_TYPE).body(write(resource));
    }
}
