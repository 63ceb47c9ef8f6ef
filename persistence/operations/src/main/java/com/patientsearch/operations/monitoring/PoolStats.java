package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.AgroalPools;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanRegistration;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/** Reads every Agroal pool's counters (enabled by {@code metricsEnabled(true)} in the DataSource factory). */
@Singleton
public class PoolStats {

    private final BeanContext context;

    PoolStats(BeanContext context) {
        this.context = context;
    }

    public List<PoolSnapshot> snapshots() {
        List<PoolSnapshot> out = new ArrayList<>();
        for (BeanRegistration<DataSource> registration : context.getBeanRegistrations(DataSource.class)) {
            AgroalDataSource pool = agroal(registration.bean());
            if (pool != null) {
                out.add(snapshot(name(registration.getIdentifier().getName()), pool));
            }
        }
        return out;
    }

    static PoolSnapshot snapshot(String name, AgroalDataSource pool) {
        AgroalDataSourceMetrics m = pool.getMetrics();
        int max = pool.getConfiguration().connectionPoolConfiguration().maxSize();
        return new PoolSnapshot(name, max, m.activeCount(), m.availableCount(), m.awaitingCount(), m.maxUsedCount(),
                m.creationCount(), m.destroyCount(), m.leakDetectionCount(), m.invalidCount(), m.reapCount(),
                m.acquireCount(), m.blockingTimeAverage().toNanos() / 1e6, m.blockingTimeMax().toNanos() / 1e6,
                max == 0 ? 0 : (double) m.activeCount() / max);
    }

    /** The primary datasource's bean identifier is "Primary"; configuration and operators call it "default". */
    static String name(String beanName) {
        return "Primary".equals(beanName) ? "default" : beanName;
    }

    static AgroalDataSource agroal(DataSource dataSource) {
        return AgroalPools.pool(dataSource).orElse(null);
    }
}
