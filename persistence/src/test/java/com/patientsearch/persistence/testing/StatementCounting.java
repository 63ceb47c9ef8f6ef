package com.patientsearch.persistence.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Counts every SQL statement (datasource-proxy), for hypersistence's {@code SQLStatementCountValidator}. Innermost
 * wrapper (order -1000), so it sits under the monitoring proxy and Micronaut's transaction-aware one. Opt in per test
 * class with {@link #ENABLED}.
 */
@Singleton
@Order(-1000)
@Requires(property = StatementCounting.PROPERTY, value = "true")
public class StatementCounting implements BeanCreatedEventListener<DataSource> {

    public static final String PROPERTY = "test.statement-counting";
    public static final Map<String, String> ENABLED = Map.of(PROPERTY, "true");

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        return ProxyDataSourceBuilder.create(event.getBean()).name("statement-counting").countQuery().build();
    }
}
