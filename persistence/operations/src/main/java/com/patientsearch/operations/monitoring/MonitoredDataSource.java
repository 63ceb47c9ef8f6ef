package com.patientsearch.operations.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The DataSource the app sees: datasource-proxy around the pool (statement timing for slow-query alerts) that also
 * times connection acquisition, which Agroal's own metrics only give as an average and a max.
 * {@code unwrap(AgroalDataSource.class)} and {@code unwrap(PGConnection.class)} on its connections still work.
 */
final class MonitoredDataSource extends ProxyDataSource {

    private final String name;
    private final MeterRegistryHolder registry;
    private volatile Timer acquisition;
    private volatile Counter timeouts;
    private final java.util.concurrent.atomic.AtomicBoolean registering = new java.util.concurrent.atomic.AtomicBoolean();

    MonitoredDataSource(DataSource target, String name, MeterRegistryHolder registry) {
        super(target);
        this.name = name;
        this.registry = registry;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long started = System.nanoTime();
        try {
            Connection connection = super.getConnection();
            record(started, false);
            return connection;
        } catch (SQLException e) {
            record(started, String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout"));
            throw e;
        }
    }

    private void record(long started, boolean timedOut) {
        long nanos = System.nanoTime() - started;
        if (acquisition == null) {
            if (!registering.compareAndSet(false, true)) {
                return; // already queued until the registry is built
            }
            registry.with(r -> {
                timeouts = Counter.builder("agroal.acquisition.timeouts").tag("datasource", name)
                        .description("Connection requests that gave up waiting for a free connection").register(r);
                acquisition = Timer.builder("agroal.acquisition").tag("datasource", name)
                        .description("Time to obtain a connection from the pool")
                        .publishPercentileHistogram().register(r);
            });
            if (acquisition == null) {
                return; // registry not built yet (startup): nothing to record into
            }
        }
        acquisition.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (timedOut) {
            timeouts.increment();
        }
    }
}
