package com.patientsearch.app.admin;

import com.patientsearch.persistence.datasource.AgroalPools;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.CursorCodec;
import com.patientsearch.search.paging.Page;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the audit trail for operations: newest first, keyset-paged on (at, id) with encrypted cursors. The statement is
 * built from fixed fragments per filter given; every value is bound. Reads go to the primary (a replica may lag
 * behind the latest batch), on a plain pooled connection: no patient table is touched.
 */
@Singleton
class AuditLog {

    @Serdeable
    record AuditItem(long id, String at, String user, String role, List<String> clinics, String action,
                     String endpoint, List<Long> patientIds, String requestId) {
    }

    private final DataSource dataSource;
    private final CursorCodec cursors;

    AuditLog(DataSource dataSource, CursorCodec cursors) throws SQLException {
        this.dataSource = AgroalPools.raw(dataSource);
        this.cursors = cursors;
    }

    Page<AuditItem> find(AuditQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, user_name, role, clinics, action, endpoint, patient_ids, request_id
                FROM audit_event WHERE true""");
        List<Object> values = new ArrayList<>();
        if (query.patient() != null) {
            sql.append(" AND patient_ids @> ARRAY[?]::bigint[]"); // the GIN index
            values.add(query.patient());
        }
        if (query.user() != null) {
            sql.append(" AND user_name = ?");
            values.add(query.user());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            values.add(query.action());
        }
        if (query.from() != null) {
            sql.append(" AND at >= ?");
            values.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND at < ?");
            values.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        if (query.cursor() != null) {
            List<String> after = cursors.decode(query.cursor(), query.fingerprint(), 2);
            sql.append(" AND (at, id) < (?, ?)");
            try {
                values.add(OffsetDateTime.ofInstant(Instant.parse(after.get(0)), ZoneOffset.UTC));
                values.add(Long.parseLong(after.get(1)));
            } catch (DateTimeException | NumberFormatException e) {
                throw new InvalidParameterException("cursor", "is malformed");
            }
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        values.add(query.limit() + 1);

        List<AuditItem> items = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
                    times.add(at);
                    items.add(new AuditItem(rs.getLong(1), at.toString(), rs.getString(3), rs.getString(4),
                            Arrays.asList((String[]) array(rs.getArray(5))), rs.getString(6), rs.getString(7),
                            Arrays.asList((Long[]) array(rs.getArray(8))), rs.getString(9)));
                }
            }
        }
        String next = null;
        if (items.size() > query.limit()) {
            items.remove(items.size() - 1);
            AuditItem last = items.get(items.size() - 1);
            next = cursors.encode(query.fingerprint(), List.of(times.get(items.size() - 1).toString(),
                    Long.toString(last.id())));
        }
        return new Page<>(items, next);
    }

    private static Object array(Array array) throws SQLException {
        try {
            return array.getArray();
        } finally {
            array.free();
        }
    }
}
