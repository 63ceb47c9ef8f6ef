package com.patientsearch.persistence.resilience;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLState table and what each of its readers makes of a code: the read retries ({@code retry}), the pool
 * ({@code fatal}), the API's 503 ({@code 503}), the 400 net ({@code 400}) and the audit writer ({@code wait}).
 */
class SqlStateKindTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // state, kind,           retry, fatal, 503,   400,   wait
            "08006, CONNECTION_LOST, true,  true,  true,  false, true",   // connection_failure
            "08001, CONNECTION_LOST, true,  true,  true,  false, true",   // cannot connect
            "57P01, CONNECTION_LOST, true,  true,  true,  false, true",   // admin_shutdown
            "57P02, CONNECTION_LOST, true,  true,  true,  false, true",   // crash_shutdown
            "57P03, CONNECTION_LOST, true,  true,  true,  false, true",   // cannot_connect_now
            "57P05, CONNECTION_LOST, true,  true,  true,  false, true",   // idle_session_timeout
            "40001, RETRY,           true,  false, true,  false, true",   // serialization_failure
            "40P01, RETRY,           true,  false, true,  false, true",   // deadlock_detected
            "40000, WAIT,            false, false, false, false, true",   // transaction_rollback
            "57014, TIMEOUT,         false, false, true,  false, true",   // query_canceled
            "57000, WAIT,            false, false, false, false, true",   // operator_intervention
            "53100, WAIT,            false, false, false, false, true",   // disk_full
            "53300, WAIT,            false, false, false, false, true",   // too_many_connections
            "55P03, WAIT,            false, false, false, false, true",   // lock_not_available
            "58030, WAIT,            false, false, false, false, true",   // io_error
            "22P05, BAD_VALUE,       false, false, false, true,  false",  // untranslatable_character
            "22003, BAD_VALUE,       false, false, false, true,  false",  // numeric_value_out_of_range
            "23505, GIVE_UP,         false, false, false, false, false",  // unique_violation
            "42P01, GIVE_UP,         false, false, false, false, false",  // undefined_table
            "P0001, GIVE_UP,         false, false, false, false, false",  // raise_exception
    })
    void everyReaderFollowsTheTable(String state, SqlStateKind kind, boolean retry, boolean fatal, boolean unavailable,
                                    boolean badValue, boolean wait) {
        assertThat(SqlStateKind.of(state)).isEqualTo(kind);
        SQLException failure = new SQLException("x", state);
        // wrapped, as Hibernate and Micronaut hand it on
        RuntimeException wrapped = new RuntimeException(new IllegalStateException(failure));
        assertThat(DatabaseFailures.isTransient(wrapped)).as("retry").isEqualTo(retry);
        assertThat(new FatalConnectionErrors().isFatal(failure)).as("fatal").isEqualTo(fatal);
        assertThat(DatabaseFailures.isConnectionLost(wrapped)).as("connection lost").isEqualTo(fatal);
        assertThat(DatabaseFailures.isUnavailable(wrapped)).as("503").isEqualTo(unavailable);
        assertThat(DatabaseFailures.isDataException(wrapped)).as("400").isEqualTo(badValue);
        assertThat(DatabaseFailures.isWorthWaiting(failure)).as("audit writer waits").isEqualTo(wait);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null", "''", "4", "XX000"})
    void nullShortAndUnknownStatesGiveUp(String state) {
        assertThat(SqlStateKind.of(state)).isEqualTo(SqlStateKind.GIVE_UP);
    }

    @org.junit.jupiter.api.Test
    void failuresWithoutAStateAreJudgedByTheirKind() {
        assertThat(DatabaseFailures.isTransient(new ConnectException("refused"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new java.sql.SQLTransientConnectionException("gone"))).isTrue();
        SQLException exhausted = new SQLException("Sorry, acquisition timeout!");
        assertThat(DatabaseFailures.isUnavailable(exhausted)).isTrue();
        assertThat(DatabaseFailures.isTransient(exhausted)).as("queueing again for the same pool").isFalse();
        assertThat(DatabaseFailures.isWorthWaiting(exhausted)).as("the audit writer waits for the pool").isTrue();
        assertThat(DatabaseFailures.isWorthWaiting(new IllegalStateException("closed"))).isTrue();
    }
}
