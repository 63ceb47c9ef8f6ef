package com.patientsearch.persistence.datasource;

import io.agroal.api.AgroalDataSource;
import io.micronaut.context.event.BeanPreDestroyEvent;
import io.micronaut.context.event.BeanPreDestroyEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Closes each Agroal pool when its DataSource bean is destroyed. {@code @Bean(preDestroy = "close")} on the factory
 * method cannot do it: Micronaut replaces the bean with its transaction-aware wrapper, which has no such method.
 */
@Singleton
class AgroalPoolCloser implements BeanPreDestroyEventListener<DataSource> {

    private static final Logger LOG = LoggerFactory.getLogger(AgroalPoolCloser.class);

    @Override
    public DataSource onPreDestroy(BeanPreDestroyEvent<DataSource> event) {
        DataSource dataSource = event.getBean();
        try {
            AgroalPools.pool(dataSource).ifPresent(AgroalDataSource::close);
        } catch (RuntimeException e) {
            LOG.warn("Could not close a connection pool cleanly: {}", com.patientsearch.persistence.resilience.DatabaseFailures.describe(e));
        }
        return dataSource;
    }
}
