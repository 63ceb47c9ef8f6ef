package com.patientsearch.persistence.resilience;

import io.micronaut.retry.annotation.CircuitBreaker;
import io.micronaut.retry.annotation.Retryable;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For idempotent reads: transient database failures ({@link SqlStateKind#retryRead()}: 40001, 40P01, 08xxx,
 * 57Pxx) are retried with exponential backoff and jitter, a bounded number of times, behind a circuit breaker per
 * method that stops calling a database that keeps failing and tries again after {@code database.retry.reset}. Put it
 * next to {@code @ReadOnly}: the retry runs outside the transaction, so every attempt gets a new one. Only on the
 * outermost read boundary: called inside a transaction that is already open, an attempt would join it and retry on
 * its broken connection. Never on writes that are not idempotent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@CircuitBreaker(attempts = "${database.retry.attempts:3}", delay = "${database.retry.delay:100ms}",
        multiplier = "${database.retry.multiplier:2}", maxDelay = "${database.retry.max-delay:2s}",
        reset = "${database.retry.reset:15s}", predicate = TransientDatabaseFailure.class)
@Retryable(jitter = "${database.retry.jitter:0.25}", predicate = TransientDatabaseFailure.class)
public @interface RetryTransientReads {
}
