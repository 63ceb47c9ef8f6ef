package com.patientsearch.operations.monitoring;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.context.annotation.Requires;

import javax.sql.DataSource;
import java.util.function.ToDoubleFunction;

/**
 * Agroal has no Micrometer binder: this is it. Gauges and counters read the pool's live metrics on each scrape
 * (cheap in-memory counters, no SQL). Acquisition time and timeouts come from {@link MonitoredDataSource}.
 */
@EachBean(DataSource.class)
@Requires(beans = MeterRegistry.class)
class AgroalPoolMetrics implements MeterBinder {

    private final String name;
    private final DataSource dataSource;

    AgroalPoolMetrics(@Parameter String name, DataSource dataSource) {
        this.name = PoolStats.name(name);
        this.dataSource = dataSource;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        AgroalDataSource pool = PoolStats.agroal(dataSource);
        if (pool == null) {
            return;
        }
        AgroalDataSourceMetrics m = pool.getMetrics();
        gauge(registry, "agroal.connections.max", pool, p -> p.getConfiguration().connectionPoolConfiguration().maxSize(),
                "Largest number of connections the pool may open");
        gauge(registry, "agroal.connections.active", m, AgroalDataSourceMetrics::activeCount, "Connections in use");
        gauge(registry, "agroal.connections.available", m, AgroalDataSourceMetrics::availableCount, "Idle connections");
        gauge(registry, "agroal.connections.awaiting", m, AgroalDataSourceMetrics::awaitingCount,
                "Threads waiting for a connection");
        gauge(registry, "agroal.connections.max.used", m, AgroalDataSourceMetrics::maxUsedCount,
                "Most connections in use at once");
        // Prometheus wants base units: seconds, not milliseconds (agroal_blocking_time_max_seconds).
        Gauge.builder("agroal.blocking.time.max", m, x -> x.blockingTimeMax().toNanos() / 1e9).baseUnit("seconds")
                .tag("datasource", name).description("Longest wait for a connection so far").register(registry);
        // "opened", not "created": Prometheus reserves the _created suffix and would drop it from the name.
        counter(registry, "agroal.connections.opened", m, AgroalDataSourceMetrics::creationCount, "Connections opened");
        counter(registry, "agroal.connections.destroyed", m, AgroalDataSourceMetrics::destroyCount, "Connections closed");
        counter(registry, "agroal.connections.leak.detected", m, AgroalDataSourceMetrics::leakDetectionCount,
                "Connections held past leak-timeout");
        counter(registry, "agroal.connections.invalid", m, AgroalDataSourceMetrics::invalidCount,
                "Connections that failed validation");
        counter(registry, "agroal.connections.reaped", m, AgroalDataSourceMetrics::reapCount,
                "Idle connections closed by the reaper");
        counter(registry, "agroal.connections.acquired", m, AgroalDataSourceMetrics::acquireCount,
                "Connections handed out");
    }

    private <T> void gauge(MeterRegistry registry, String meter, T source, ToDoubleFunction<T> value, String help) {
        Gauge.builder(meter, source, value).tag("datasource", name).description(help).register(registry);
    }

    private <T> void counter(MeterRegistry registry, String meter, T source, ToDoubleFunction<T> value, String help) {
        FunctionCounter.builder(meter, source, value).tag("datasource", name).description(help).register(registry);
    }
}
