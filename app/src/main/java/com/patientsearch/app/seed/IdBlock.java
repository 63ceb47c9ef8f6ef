package com.patientsearch.app.seed;

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
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            String sequence;
            try (PreparedStatement find = connection.prepareStatement("SELECT pg_get_serial_sequence(?, 'id')")) {
                find.setString(1, table);
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    sequence = rs.getString(1);
                }
            }
            if (sequence == null) {
                throw new IllegalStateException(table + ".id has no identity sequence");
            }
            try (Statement lock = connection.createStatement()) {
                // ALTER SEQUENCE takes a lock that nextval() in other sessions waits for until we commit, so the
                // nextval/setval pair below is atomic. The name comes from pg_get_serial_sequence, already quoted.
                lock.execute("ALTER SEQUENCE " + sequence + " INCREMENT BY 1");
            }
            long first;
            try (PreparedStatement next = connection.prepareStatement("SELECT nextval(?::regclass)")) {
                next.setString(1, sequence);
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    first = rs.getLong(1);
                }
            }
            if (size > 1) {
                try (PreparedStatement set = connection.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                    set.setString(1, sequence);
                    set.setLong(2, first + size - 1);
                    set.execute();
                }
            }
            connection.commit();
            return first;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
