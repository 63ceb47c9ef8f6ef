package com.patientsearch.persistence.audit;

import com.patientsearch.persistence.scope.CallerScope;

import java.time.Instant;
import java.util.List;

/**
 * One audited access to patient data: who (the caller), what (action on endpoint), which patients, when.
 *
 * @param action     search, read, create, update, merge or import
 * @param endpoint   the route as declared, e.g. {@code GET /api/v1/patients/{id}} (never the query string: it holds names)
 * @param patientIds the patients returned or touched, in response order
 */
public record AuditEvent(Instant at, CallerScope caller, String action, String endpoint, List<Long> patientIds) {
}
