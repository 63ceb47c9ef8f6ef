package com.patientsearch.persistence.resilience;

import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only reads that fail for real: a call told to fail terminates its own backend
 * ({@code pg_terminate_backend(pg_backend_pid())}), which PostgreSQL reports as 57P01 admin_shutdown.
 */
@Singleton
@Requires(property = "flaky-reads.enabled", value = "true")
class FlakyReads {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    private final EntityManager entityManager;

    FlakyReads(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Fails the next {@code count} calls. */
    void failNext(int count) {
        failures.set(count);
    }

    @RetryTransientReads
    @ReadOnly
    public long countClinics() {
        return count(false); // not countClinics(false): a self-call is intercepted too and would nest transactions
    }

    /** {@code badInput}: fails like a validation error would, before any SQL. */
    @RetryTransientReads
    @ReadOnly
    public long countClinics(boolean badInput) {
        return count(badInput);
    }

    private long count(boolean badInput) {
        calls.incrementAndGet();
        if (badInput) {
            throw new IllegalArgumentException("bad input");
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                if (failures.getAndDecrement() > 0) {
                    statement.execute("SELECT pg_terminate_backend(pg_backend_pid())");
                }
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM clinic")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
