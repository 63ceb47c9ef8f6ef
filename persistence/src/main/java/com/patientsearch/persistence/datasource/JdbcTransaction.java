package com.patientsearch.persistence.datasource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction on a plain JDBC connection (bulk loads, the monitoring's own tables, DDL steps), for code that
 * holds a connection outside Micronaut's transactions: commit when the work returns, roll back when it throws, and
 * give the connection back in the auto-commit mode it came in.
 */
public final class JdbcTransaction {

    /** Work inside the transaction; {@code E} is what it may throw besides {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(Connection connection) throws SQLException, E;
    }

    /** Work that returns nothing. */
    @FunctionalInterface
    public interface Step<E extends Exception> {
        void run(Connection connection) throws SQLException, E;
    }

    private JdbcTransaction() {
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public static <T, E extends Exception> T inTransaction(Connection connection, Work<T, E> work) throws SQLException, E {
        return run(connection, work, true);
    }

    /** {@link #inTransaction(Connection, Work)} for work without a result. */
    public static <E extends Exception> void execute(Connection connection, Step<E> step) throws SQLException, E {
        run(connection, c -> {
            step.run(c);
            return null;
        }, true);
    }

    /** Runs {@code work} in a transaction that is always rolled back: it only reads, or tries something out. */
    public static <T, E extends Exception> T rolledBack(Connection connection, Work<T, E> work) throws SQLException, E {
        return run(connection, work, false);
    }

    private static <T, E extends Exception> T run(Connection connection, Work<T, E> work, boolean commit)
            throws SQLException, E {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
            return result;
        } catch (Throwable failure) {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException rollback) {
                failure.addSuppressed(rollback); // the connection is probably gone; the first failure says why
            }
            throw failure;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
