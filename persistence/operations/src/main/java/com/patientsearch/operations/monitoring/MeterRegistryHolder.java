package com.patientsearch.operations.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The meter registry, once Micronaut has built it. Statements run (Liquibase) while the DataSource is still being
 * created; asking for the registry then would build it, and with it Hibernate's binder, which needs that very
 * DataSource. So meters are registered when the registry binds this, and earlier updates wait until then.
 */
@Singleton
class MeterRegistryHolder implements MeterBinder {

    private final List<Consumer<MeterRegistry>> waiting = new ArrayList<>();
    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry candidate) {
        List<Consumer<MeterRegistry>> replay;
        synchronized (waiting) {
            // Prefer the composite: meters registered there reach every registry, and injection points see them.
            if (registry != null && !(candidate instanceof CompositeMeterRegistry)) {
                return;
            }
            registry = candidate;
            replay = new ArrayList<>(waiting);
            waiting.clear();
        }
        replay.forEach(action -> action.accept(candidate));
    }

    /** Runs {@code action} now if the registry exists, else when it is bound (bounded: early updates only). */
    void with(Consumer<MeterRegistry> action) {
        MeterRegistry current = registry;
        if (current != null) {
            action.accept(current);
            return;
        }
        synchronized (waiting) {
            if (registry == null) {
                if (waiting.size() < 10_000) {
                    waiting.add(action);
                }
                return;
            }
        }
        action.accept(registry);
    }
}
