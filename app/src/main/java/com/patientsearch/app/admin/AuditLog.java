package com.patientsearch.app.admin;

import com.patientsearch.persistence.audit.AuditReader;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.CursorCodec;
import com.patientsearch.search.paging.Page;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * The audit trail as the API pages it: {@link AuditReader}'s rows (persistence/audit, beside the writer) behind
 * encrypted keyset cursors on (at, id).
 */
@Singleton
class AuditLog {

    @Serdeable
    record AuditItem(long id, String at, String user, String role, List<String> clinics, String action,
                     String endpoint, List<Long> patientIds, String requestId) {
    }

    private final AuditReader reader;
    private final CursorCodec cursors;

    AuditLog(AuditReader reader, CursorCodec cursors) {
        this.reader = reader;
        this.cursors = cursors;
    }

    Page<AuditItem> find(AuditQuery query) throws SQLException {
        AuditReader.Before before = null;
        if (query.cursor() != null) {
            List<String> after = cursors.decode(query.cursor(), query.fingerprint(), 2);
            try {
                before = new AuditReader.Before(Instant.parse(after.get(0)), Long.parseLong(after.get(1)));
            } catch (DateTimeException | NumberFormatException e) {
                throw new InvalidParameterException("cursor", "is malformed");
            }
        }
        List<AuditReader.Entry> rows = reader.newestFirst(new AuditReader.Filter(query.patient(), query.user(),
                query.action(), query.from(), query.to()), before, query.limit() + 1);
        boolean more = rows.size() > query.limit();
        List<AuditReader.Entry> page = more ? rows.subList(0, query.limit()) : rows;
        String next = null;
        if (more) {
            AuditReader.Entry last = page.get(page.size() - 1);
            next = cursors.encode(query.fingerprint(), List.of(last.at().toString(), Long.toString(last.id())));
        }
        return new Page<>(page.stream().map(e -> new AuditItem(e.id(), e.at().toString(), e.user(), e.role(),
                e.clinics(), e.action(), e.endpoint(), e.patientIds(), e.requestId())).toList(), next);
    }
}
