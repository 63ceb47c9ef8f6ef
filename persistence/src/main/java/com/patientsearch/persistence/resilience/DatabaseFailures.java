package com.patientsearch.persistence.resilience;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Sorts database failures by what the caller can do about them, from the SQLState anywhere in the cause chain
 * (Hibernate and Micronaut wrap the driver's exception once or twice).
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * What a log line may say about a failure: its class and the first SQLState in its cause chain. Never the
     * message: the driver's quotes the server's error, and a constraint's or a trigger's error can quote row values.
     */
    public static String describe(Throwable failure) {
        String state = null;
        for (Throwable t = failure; t != null && state == null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                state = sql.getSQLState();
            }
        }
        return failure.getClass().getName() + (state == null ? "" : " sqlstate=" + state);
    }

    /**
     * The database refused a value of the request (SQLState class 22: a NUL in text, a number out of range...): the
     * request's fault, not the service's. The API's own checks come first; this is the net under them.
     */
    public static boolean isDataException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /** Worth running the same idempotent read again: serialization failure, deadlock, lost or refused connection. */
    public static boolean isTransient(Throwable failure) {
        if (isPoolExhausted(failure)) {
            return false; // retrying would only queue for the same busy pool again
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransientState(sql.getSQLState())) {
                return true;
            }
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** The database could not be reached or used right now: the API answers 503 with Retry-After. */
    public static boolean isUnavailable(Throwable failure) {
        if (isPoolExhausted(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (isTransientState(sql.getSQLState()) || isStatementTimeout(sql))) {
                return true;
            }
            if (t instanceof ConnectException || t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** Every pooled connection was busy for the whole acquisition timeout (Agroal says so only in its message). */
    public static boolean isPoolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** The lost connection kind: the pool's idle connections are probably dead too. */
    public static boolean isConnectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")          // connection exception
                || state.equals("40001")        // serialization_failure
                || state.equals("40P01")        // deadlock_detected
                || state.equals("57P01")        // admin_shutdown (restart, failover)
                || state.equals("57P02")        // crash_shutdown
                || state.equals("57P03");       // cannot_connect_now (still starting)
    }

    private static boolean isStatementTimeout(SQLException sql) {
        return "57014".equals(sql.getSQLState()); // query_canceled: statement_timeout
    }
}
