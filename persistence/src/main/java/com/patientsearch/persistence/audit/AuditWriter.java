package com.patientsearch.persistence.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a batch of events as one statement, one transaction: eight text arrays unnested into rows, so the statement
 * text (and its plan) is the same whatever the batch size. The per-row arrays (clinics, patient ids) travel as array
 * literals, since PostgreSQL has no arrays of ragged arrays.
 */
final class AuditWriter {

    static final String INSERT = """
            INSERT INTO audit_event (at, user_name, role, clinics, action, endpoint, patient_ids, request_id)
            SELECT t.at::timestamptz, t.user_name, t.role, t.clinics::text[], t.action, t.endpoint,
                   t.patient_ids::bigint[], t.request_id
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS t(at, user_name, role, clinics, action, endpoint, patient_ids, request_id)""";

    private AuditWriter() {
    }

    /** In its own transaction, whatever the connection's mode. */
    static void write(Connection connection, List<AuditEvent> events) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true); // one statement: its own transaction
        }
        try {
            writeInTransaction(connection, events);
        } finally {
            if (!autoCommit) {
                connection.setAutoCommit(false);
            }
        }
    }

    /** In the connection's current transaction: it commits, or rolls back, with the change it records. */
    static void writeInTransaction(Connection connection, List<AuditEvent> events) throws SQLException {
        int n = events.size();
        String[][] columns = new String[8][n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            columns[0][i] = e.at().toString();
            columns[1][i] = e.caller().user();
            columns[2][i] = e.caller().role();
            columns[3][i] = textArray(e.caller().clinics());
            columns[4][i] = e.action();
            columns[5][i] = e.endpoint();
            columns[6][i] = e.patientIds().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
            columns[7][i] = e.caller().requestId();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int c = 0; c < columns.length; c++) {
                insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
            }
            insert.executeUpdate();
        }
    }

    /** A PostgreSQL array literal whose elements are quoted and escaped, so any text survives. */
    static String textArray(Iterable<String> values) {
        StringBuilder out = new StringBuilder("{");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
    }
}
