package com.patientsearch.persistence.resilience;

import io.micronaut.retry.annotation.RetryPredicate;

/** {@code @Retryable}/{@code @CircuitBreaker} predicate: retry (and count towards opening) transient failures only. */
public class TransientDatabaseFailure implements RetryPredicate {

    @Override
    public boolean test(Throwable failure) {
        return DatabaseFailures.isTransient(failure);
    }
}
