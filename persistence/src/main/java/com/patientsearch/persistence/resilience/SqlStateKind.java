package com.patientsearch.persistence.resilience;

import java.util.Map;

/**
 * What a PostgreSQL SQLState means for whoever meets it: the one table that retries ({@link DatabaseFailures}), the
 * pool ({@link FatalConnectionErrors}), the audit writer and the API's 503 answer all read. A code is looked up by its
 * longest listed prefix (a full code before its class); what is not listed means {@link #GIVE_UP}.
 */
public enum SqlStateKind {

    /** Run it again in a new transaction (serialization failure, deadlock); the connection is fine. */
    RETRY(true, false, true, true),
    /** The connection is unusable or the server is going away: the pool destroys it, a read runs again on a new one. */
    CONNECTION_LOST(true, true, true, true),
    /** The statement ran out of time (statement_timeout): busy right now (503), but running it again only adds load. */
    TIMEOUT(false, false, true, true),
    /** The server lacks something for now (disk, memory, a lock, an operator's intervention): a background writer waits. */
    WAIT(false, false, false, true),
    /** A value of the request was refused (class 22): the request's fault, not the service's. */
    BAD_VALUE(false, false, false, false),
    /** Constraint violations, syntax, permissions, unknown codes: trying again changes nothing. */
    GIVE_UP(false, false, false, false);

    /** Prefix (class or full code) to kind; the longest matching prefix wins. */
    static final Map<String, SqlStateKind> TABLE = Map.ofEntries(
            Map.entry("08", CONNECTION_LOST),     // connection exception
            Map.entry("57P", CONNECTION_LOST),    // admin or crash shutdown, cannot connect now, database dropped, idle session timeout
            Map.entry("40001", RETRY),            // serialization_failure
            Map.entry("40P01", RETRY),            // deadlock_detected
            Map.entry("40", WAIT),                // other transaction rollbacks
            Map.entry("57014", TIMEOUT),          // query_canceled: statement_timeout
            Map.entry("57", WAIT),                // operator intervention
            Map.entry("53", WAIT),                // insufficient resources: disk full, out of memory, too many connections
            Map.entry("55", WAIT),                // object not in prerequisite state: lock_not_available
            Map.entry("58", WAIT),                // system error: I/O
            Map.entry("22", BAD_VALUE));          // data exception

    private final boolean retryRead;
    private final boolean connectionFatal;
    private final boolean unavailable;
    private final boolean worthWaiting;

    SqlStateKind(boolean retryRead, boolean connectionFatal, boolean unavailable, boolean worthWaiting) {
        this.retryRead = retryRead;
        this.connectionFatal = connectionFatal;
        this.unavailable = unavailable;
        this.worthWaiting = worthWaiting;
    }

    /** The kind of {@code sqlState}; {@link #GIVE_UP} for null or an unlisted code. */
    public static SqlStateKind of(String sqlState) {
        if (sqlState == null) {
            return GIVE_UP;
        }
        for (int length = Math.min(5, sqlState.length()); length >= 2; length--) {
            SqlStateKind kind = TABLE.get(sqlState.substring(0, length));
            if (kind != null) {
                return kind;
            }
        }
        return GIVE_UP;
    }

    /** An idempotent read may run again (in a new transaction, on a live connection). */
    public boolean retryRead() {
        return retryRead;
    }

    /** The connection must not go back to the pool. */
    public boolean connectionFatal() {
        return connectionFatal;
    }

    /** The API answers 503 with Retry-After: out of reach or too busy, not the request's fault. */
    public boolean unavailable() {
        return unavailable;
    }

    /** A background writer that must not lose its work (the audit trail) waits and tries again. */
    public boolean worthWaiting() {
        return worthWaiting;
    }
}
