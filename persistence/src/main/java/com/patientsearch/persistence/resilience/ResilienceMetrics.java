package com.patientsearch.persistence.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.retry.event.CircuitClosedEvent;
import io.micronaut.retry.event.CircuitOpenEvent;
import io.micronaut.retry.event.RetryEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code database.retries{method}}: retries of transient failures; {@code database.circuit.open{method}}: 1 while a
 * method's circuit breaker is open (calls fail at once), 0 once a trial call succeeded.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
class ResilienceMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    ResilienceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void onRetry(RetryEvent event) {
        Counter.builder("database.retries").tag("method", name(event.getSource().getExecutableMethod()))
                .description("Retries of idempotent reads after a transient database failure")
                .register(registry).increment();
    }

    @EventListener
    void onOpen(CircuitOpenEvent event) {
        state(name(event.getSource())).set(1);
    }

    @EventListener
    void onClosed(CircuitClosedEvent event) {
        state(name(event.getSource())).set(0);
    }

    private AtomicInteger state(String method) {
        return open.computeIfAbsent(method, m -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("database.circuit.open", value, AtomicInteger::get).tag("method", m)
                    .description("1 while the circuit breaker is open and calls fail fast").register(registry);
            return value;
        });
    }

    private static String name(ExecutableMethod<?, ?> method) {
        return method.getDeclaringType().getSimpleName() + "." + method.getMethodName();
    }
}
