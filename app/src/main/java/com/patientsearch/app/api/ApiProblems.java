package com.patientsearch.app.api;

import com.patientsearch.app.resilience.DatabaseFailureResponses;
import com.patientsearch.app.security.NoClinicsException;
import com.patientsearch.app.security.TokenDiagnosis;
import com.patientsearch.persistence.audit.AuditUnavailableException;
import com.patientsearch.search.common.ConflictException;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.NotFoundException;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import jakarta.inject.Singleton;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.QueryTimeoutException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapping from an exception to its problem+json answer (RFC 9457; bodies from {@link Problems}, database
 * failures from {@link DatabaseFailureResponses}). It is the handler of last resort for every exception; the three
 * framework exceptions whose own handlers must be replaced (authorization, body too large, malformed JSON) reach it
 * through {@link FrameworkProblems}. Under /fhir/r4 the OperationOutcomes filter renders the same answers as FHIR.
 * Micronaut's remaining built-in errors (404 route, 405, binding) are rendered by micronaut-problem-json.
 */
@Produces
@Singleton
class ApiProblems implements ExceptionHandler<Exception, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProblems.class);
    private static final String REALM = "Bearer realm=\"patient-search\"";
    /** "... maximum allowed content length [1048576]": the last bracketed number. */
    private static final Pattern LIMIT = Pattern.compile("\\[(\\d+)\\]\\s*$");

    private final DatabaseFailureResponses databaseFailures;
    private final TokenDiagnosis diagnosis;

    ApiProblems(DatabaseFailureResponses databaseFailures, TokenDiagnosis diagnosis) {
        this.databaseFailures = databaseFailures;
        this.diagnosis = diagnosis;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        if (exception instanceof InvalidParameterException invalid) {
            return Problems.invalidParameter(invalid.field(), invalid.reason());
        }
        if (exception instanceof NotFoundException) {
            return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", exception.getMessage());
        }
        if (exception instanceof ConflictException) {
            return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", exception.getMessage());
        }
        if (exception instanceof OptimisticLockException) {
            // two writers raced past the version check: the later flush loses and re-reads
            return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
                    "the patient was changed by someone else meanwhile: read it again");
        }
        if (exception instanceof ConstraintViolationException violation) {
            // a constraint hit by a concurrent write (the services pre-check the usual case, e.g. a taken mrn): the
            // request was valid, the state changed under it
            String detail = "patient_clinic_mrn_uk".equals(violation.getConstraintName())
                    ? "mrn: another patient of this clinic has this medical record number"
                    : "the write conflicts with data written meanwhile";
            return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
        }
        if (exception instanceof TooManyRequestsException tooMany) {
            long seconds = Math.max(1, tooMany.retryAfter().toSeconds());
            return Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
                            exception.getMessage() + " Retry after " + seconds + " s.")
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        }
        if (exception instanceof AuditUnavailableException) {
            return databaseFailures.auditUnavailable(request);
        }
        if (isDatabaseFailure(exception)) {
            return databaseFailures.respond(request, exception);
        }
        if (exception instanceof AuthorizationException denied) {
            return denied(request, denied);
        }
        if (exception instanceof ContentLengthExceededException) {
            // Micronaut's message holds only the two lengths, never body content; only the limit is taken from it
            Matcher limit = LIMIT.matcher(String.valueOf(exception.getMessage()));
            return limit.find() ? Problems.tooLarge(Long.parseLong(limit.group(1)))
                    : Problems.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large", "body: larger than the server accepts");
        }
        if (exception instanceof JsonSyntaxException) {
            // the parser's message quotes the body, so it is neither returned nor logged
            return Problems.invalidParameter("body", "is not well-formed JSON");
        }
        // The answer and the log carry the exception's class only, never its message (a JDBC message can quote SQL
        // and patient data).
        LOG.error("unexpected {} on {} {}", exception.getClass().getName(), request.getMethod(), RouteNames.of(request));
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "an unexpected error occurred");
    }

    /** The failures {@link DatabaseFailureResponses} sorts into 503, 400 or 500. */
    private static boolean isDatabaseFailure(Exception exception) {
        return exception instanceof SQLException
                || exception instanceof JDBCConnectionException
                || exception instanceof GenericJDBCException
                || exception instanceof QueryTimeoutException
                || exception instanceof ConnectionException
                || exception instanceof CannotCreateTransactionException;
    }

    /**
     * 401 (no valid token) and 403 (valid token, wrong role or no clinics) with the reason and a
     * {@code WWW-Authenticate: Bearer} challenge (RFC 6750).
     */
    private HttpResponse<?> denied(HttpRequest<?> request, AuthorizationException exception) {
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
