package com.patientsearch.persistence.resilience;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Sorts database failures by what the caller can do about them, from the SQLState anywhere in the cause chain
 * (Hibernate and Micronaut wrap the driver's exception once or twice), as {@link SqlStateKind}'s table says.
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
            if (t instanceof SQLException sql && kind(sql) == SqlStateKind.BAD_VALUE) {
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
            if (t instanceof SQLException sql && kind(sql).retryRead()) {
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
            if (t instanceof SQLException sql && kind(sql).unavailable()) {
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
            if (t instanceof SQLException sql && kind(sql).connectionFatal()) {
                return true;
            }
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Worth waiting for and writing again, for a background writer that must not lose its work: anything but a
     * database answer that no wait changes (a constraint, a refused value). Failures without an SQLState (the pool's
     * acquisition timeout, a driver's I/O error) count as worth waiting.
     */
    public static boolean isWorthWaiting(Exception failure) {
        if (!(failure instanceof SQLException sql) || sql.getSQLState() == null) {
            return true;
        }
        return kind(sql).worthWaiting();
    }

    private static SqlStateKind kind(SQLException sql) {
        return SqlStateKind.of(sql.getSQLState());
    }
}
