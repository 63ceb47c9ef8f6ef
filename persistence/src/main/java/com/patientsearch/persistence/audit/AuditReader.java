package com.patientsearch.persistence.audit;

import com.patientsearch.persistence.datasource.AgroalPools;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the audit trail for operations: newest first, keyset on (at, id). The statement is built from fixed fragments
 * per filter given; every value is bound. Reads go to the primary (a replica may lag behind the latest batch), on a
 * plain pooled connection: no patient table is touched. {@link AuditWriter} writes what this reads.
 */
@Singleton
public class AuditReader {

    /** The filters; null ones do not filter. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(Long patient, String user, String action, Instant from, Instant to) {
    }

    /** Where the previous page ended: the next one starts strictly before it. */
    public record Before(Instant at, long id) {
    }

    /** One audit event as stored. */
    public record Entry(long id, Instant at, String user, String role, List<String> clinics, String action,
                        String endpoint, List<Long> patientIds, String requestId) {
    }

    private final DataSource dataSource;

    AuditReader(DataSource dataSource) {
        this.dataSource = AgroalPools.raw(dataSource);
    }

    /** Up to {@code limit} events matching {@code filter}, newest first, before {@code before} (null: the newest). */
    public List<Entry> newestFirst(Filter filter, Before before, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, user_name, role, clinics, action, endpoint, patient_ids, request_id
                FROM audit_event WHERE true""");
        List<Object> values = new ArrayList<>();
        if (filter.patient() != null) {
            sql.append(" AND patient_ids @> ARRAY[?]::bigint[]"); // the GIN index
            values.add(filter.patient());
        }
        if (filter.user() != null) {
            sql.append(" AND user_name = ?");
            values.add(filter.user());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            values.add(filter.action());
        }
        if (filter.from() != null) {
            sql.append(" AND at >= ?");
            values.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND at < ?");
            values.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        if (before != null) {
            sql.append(" AND (at, id) < (?, ?)");
            values.add(OffsetDateTime.ofInstant(before.at(), ZoneOffset.UTC));
            values.add(before.id());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        values.add(limit);

        List<Entry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), Arrays.asList((String[]) array(rs.getArray(5))),
                            rs.getString(6), rs.getString(7), Arrays.asList((Long[]) array(rs.getArray(8))),
                            rs.getString(9)));
                }
            }
        }
        return entries;
    }

    private static Object array(Array array) throws SQLException {
        try {
            return array.getArray();
        } finally {
            array.free();
        }
    }
}
