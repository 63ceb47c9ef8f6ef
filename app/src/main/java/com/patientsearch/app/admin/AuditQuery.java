package com.patientsearch.app.admin;

import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.PageSize;
import com.patientsearch.search.common.PositiveIds;
import io.micronaut.core.annotation.Nullable;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;

/**
 * The validated filters of {@code GET /api/v1/admin/audit}. {@code from} is inclusive, {@code to} exclusive; a date
 * (UTC) stands for its whole day, so {@code from=2026-11-01&to=2026-11-30} covers both days.
 */
record AuditQuery(@Nullable Long patient, @Nullable String user, @Nullable String action, @Nullable Instant from,
                  @Nullable Instant to, int limit, @Nullable String cursor) {

    static final Set<String> NAMES = Set.of("patient", "user", "action", "from", "to", "limit", "cursor");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    static AuditQuery parse(@Nullable String patient, @Nullable String user, @Nullable String action,
                            @Nullable String from, @Nullable String to, @Nullable String limit,
                            @Nullable String cursor) {
        Long patientId = patient == null ? null : PositiveIds.parse("patient", patient.strip());
        String userName = null;
        if (user != null) {
            userName = user.strip();
            if (userName.isEmpty() || userName.length() > 200) {
                throw new InvalidParameterException("user", "must be 1 to 200 characters");
            }
        }
        String act = null;
        if (action != null) {
            act = action.strip().toLowerCase(Locale.ROOT);
            if (!AuditTrail.ACTIONS.contains(act)) {
                throw new InvalidParameterException("action",
                        "must be one of " + String.join("|", new java.util.TreeSet<>(AuditTrail.ACTIONS)));
            }
        }
        Instant start = from == null ? null : instant("from", from, false);
        Instant end = to == null ? null : instant("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw new InvalidParameterException("to", "must be after from");
        }
        int size = PageSize.parse("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (cursor != null && cursor.isBlank()) {
            throw new InvalidParameterException("cursor", "is empty");
        }
        return new AuditQuery(patientId, userName, act, start, end, size, cursor);
    }

    /** Changes whenever the filters change (not the limit): a cursor is only valid for its own query. */
    String fingerprint() {
        return "audit|" + patient + "|" + user + "|" + action + "|" + from + "|" + to;
    }

    /** An ISO-8601 instant ({@code 2026-11-23T10:15:00Z}) or a date ({@code 2026-11-23}, UTC). */
    private static Instant instant(String field, String value, boolean endOfDay) {
        String text = value.strip();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidParameterException(field,
                    "must be an ISO-8601 date (2026-11-23) or instant with offset (2026-11-23T10:15:00Z)");
        }
    }
}
