package com.patientsearch.app.fhir;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.io.IOException;
import java.util.Optional;

/**
 * Under /fhir/r4 every error is an OperationOutcome, with the status FHIR expects: the API's own handlers (400 naming
 * the parameter, 401/403 with their challenge, 404, 503 with Retry-After) answer problem+json, and this filter turns
 * their body into an OperationOutcome, keeping status and headers. One set of handlers, two renderings.
 */
@ServerFilter(FhirLinks.BASE_PATH + "/**")
class OperationOutcomes implements Ordered {

    private final JsonMapper json;
    private final FhirJson fhir;

    OperationOutcomes(JsonMapper json, FhirJson fhir) {
        this.json = json;
        this.fhir = fhir;
    }

    @Override
    public int getOrder() {
        // Outside the security filter, so that its 401 and 403 pass through here too.
        return ServerFilterPhase.FIRST.order();
    }

    @ResponseFilter
    void render(HttpRequest<?> request, MutableHttpResponse<Object> response) {
        if (response.code() < 400 || response.getContentType().map(t -> t.toString().startsWith(FhirJson.MEDIA_TYPE)).orElse(false)) {
            return;
        }
        String detail = null;
        String field = null;
        Optional<Object> body = response.getBody();
        if (body.isPresent()) {
            try {
                JsonNode node = json.readValue(json.writeValueAsBytes(body.get()), JsonNode.class);
                detail = text(node, "detail");
                field = text(node, "field");
                if (detail == null) {
                    detail = text(node, "title");
                }
            } catch (IOException | RuntimeException e) {
                detail = null;
            }
        }
        if (detail == null) {
            detail = HttpStatus.valueOf(response.code()).getReason();
        }
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(issueType(response.code(), detail))
                .setDiagnostics(detail);
        if (field != null) {
            issue.addExpression(field);
        }
        response.body(fhir.write(outcome));
        response.contentType(MediaType.of(FhirJson.CONTENT_TYPE));
    }

    private static IssueType issueType(int status, String detail) {
        return switch (status) {
            case 400 -> detail.contains("not a supported search parameter") ? IssueType.NOTSUPPORTED : IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOLONG;
            case 503 -> IssueType.TRANSIENT;
            default -> IssueType.EXCEPTION;
        };
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.getStringValue() : null;
    }
}
