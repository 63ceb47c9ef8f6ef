package com.patientsearch.persistence.resilience;

import com.patientsearch.persistence.datasource.AgroalPools;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.BeanProvider;
import io.micronaut.retry.event.RetryEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * After a lost connection (database restart, failover) the pool's idle connections are most likely dead as well:
 * validate them all before the retry, so it gets a live one instead of the next corpse.
 */
@Singleton
class PoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(PoolRecovery.class);

    private final BeanProvider<DataSource> dataSources;

    PoolRecovery(BeanProvider<DataSource> dataSources) {
        this.dataSources = dataSources;
    }

    @EventListener
    void onRetry(RetryEvent event) {
        if (!DatabaseFailures.isConnectionLost(event.getThrowable())) {
            return;
        }
        for (DataSource dataSource : dataSources) {
            AgroalPools.pool(dataSource).ifPresent(pool -> pool.flush(AgroalDataSource.FlushMode.INVALID));
        }
        LOG.warn("Database connection lost ({}); invalid pooled connections flushed before retrying",
                event.getThrowable().getClass().getSimpleName());
    }
}
