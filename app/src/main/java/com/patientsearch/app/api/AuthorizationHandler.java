package com.patientsearch.app.api;

import com.patientsearch.app.security.NoClinicsException;
import com.patientsearch.app.security.TokenDiagnosis;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * 401 (no valid token) and 403 (valid token, wrong role or no clinics) as problem+json with the reason, and a
 * {@code WWW-Authenticate: Bearer} challenge (RFC 6750). Replaces Micronaut's handler, which can redirect.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
class AuthorizationHandler implements ExceptionHandler<AuthorizationException, HttpResponse<?>> {

    private static final String REALM = "Bearer realm=\"patient-search\"";

    private final TokenDiagnosis diagnosis;

    AuthorizationHandler(TokenDiagnosis diagnosis) {
        this.diagnosis = diagnosis;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        Authentication who = exception.getAuthentication();
        if (who == null) {
            String reason = diagnosis.why(request);
            boolean tokenGiven = request.getHeaders().getAuthorization().isPresent();
            String challenge = tokenGiven ? REALM + ", error=\"invalid_token\", error_description=\"" + reason.replace('"', '\'') + "\"" : REALM;
            return Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", reason)
                    .header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        String detail = exception instanceof NoClinicsException
                ? "the token names no clinics: patient and appointment data needs a clinics claim"
                : "role " + String.join(",", who.getRoles()) + " may not use " + request.getMethodName() + " " + RouteNames.of(request);
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail)
                .header(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\"");
    }
}
