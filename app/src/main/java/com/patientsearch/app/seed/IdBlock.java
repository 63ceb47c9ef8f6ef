package com.patientsearch.app.seed;

import com.patientsearch.persistence.datasource.JdbcTransaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reserves a contiguous block of ids from a table's identity sequence, so bulk rows can carry their ids (and
 * children can point at them) while the ORM and other writers keep drawing from the same sequence.
 */
final class IdBlock {

    private IdBlock() {
    }

    /** Returns the first id of a block of {@code size} ids of {@code table} that nobody else will be given. */
    static long reserve(Connection connection, String table, long size) throws SQLException {
        return JdbcTransaction.inTransaction(connection, c -> reserveIn(c, table, size));
    }

    private static long reserveIn(Connection connection, String table, long size) throws SQLException {
        String sequence = one(connection, "SELECT pg_get_serial_sequence(?, 'id')", table);
        if (sequence == null) {
            throw new IllegalStateException(table + ".id has no identity sequence");
        }
        try (Statement lock = connection.createStatement()) {
            // ALTER SEQUENCE takes a lock that nextval() in other sessions waits for until we commit, so the
            // nextval/setval pair below is atomic. The name comes from pg_get_serial_sequence, already quoted.
            lock.execute("ALTER SEQUENCE " + sequence + " INCREMENT BY 1");
        }
        long first = Long.parseLong(one(connection, "SELECT nextval(?::regclass)", sequence));
        if (size > 1) {
            try (PreparedStatement set = connection.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                set.setString(1, sequence);
                set.setLong(2, first + size - 1);
                set.execute();
            }
        }
        return first;
    }

    /** The first column of the one row {@code sql} returns for {@code value}. */
    private static String one(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
