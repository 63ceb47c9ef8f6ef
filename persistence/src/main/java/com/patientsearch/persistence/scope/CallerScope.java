package com.patientsearch.persistence.scope;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who is asking and which clinics they may see. Every service that reads or writes patient data takes one, so the
 * query layer can restrict each statement to these clinics and the transaction can hand them to PostgreSQL's
 * row-level security (docs/security.md). There is no "every clinic" value: a caller names its clinics.
 *
 * @param user      the authenticated subject (for the audit trail; never a patient)
 * @param role      the caller's role, as in the token
 * @param clinics   clinic codes the caller may see; never empty
 * @param requestId correlates the audit record with the request log; may be null outside HTTP
 */
public record CallerScope(String user, String role, SortedSet<String> clinics, String requestId) {

    public CallerScope {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        if (clinics == null || clinics.isEmpty()) {
            throw new IllegalArgumentException("a caller needs at least one clinic");
        }
        clinics = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(clinics));
    }

    public static CallerScope of(String user, String role, Set<String> clinics, String requestId) {
        return new CallerScope(user, role, new TreeSet<>(clinics), requestId);
    }

    public boolean maySee(String clinicCode) {
        return clinics.contains(clinicCode);
    }
}
