package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.datasource.AgroalPools;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.SimpleResultSetProxyLogicFactory;

import javax.sql.DataSource;

/**
 * Wraps every DataSource bean in a {@link MonitoredDataSource}. Order -900: after a test's statement-counting
 * wrapper (-1000), before Micronaut's own connection handling.
 */
@Singleton
@Order(-900)
@Requires(property = "monitoring.slow-query.enabled", notEquals = "false")
class MonitoringDataSourceWrapper implements BeanCreatedEventListener<DataSource> {

    private final SlowQueryProperties properties;
    private final SlowQueryLog log;
    private final PlanCapture plans;
    private final QueryOrigin origin;
    private final MeterRegistryHolder registry;

    MonitoringDataSourceWrapper(SlowQueryProperties properties, SlowQueryLog log, PlanCapture plans,
                                QueryOrigin origin, MeterRegistryHolder registry) {
        this.properties = properties;
        this.log = log;
        this.plans = plans;
        this.origin = origin;
        this.registry = registry;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource bean = event.getBean();
        if (bean instanceof MonitoredDataSource) {
            return bean;
        }
        String name = PoolStats.name(event.getBeanIdentifier().getName());
        if ("default".equals(name)) {
            plans.useDataSource(AgroalPools.raw(bean)); // plans are captured on the application's own database
        }
        SlowQueryDetector detector = new SlowQueryDetector(properties, log, plans, origin);
        MonitoredDataSource monitored = new MonitoredDataSource(bean, name, registry);
        monitored.setProxyConfig(ProxyConfig.Builder.create()
                .dataSourceName(name)
                .queryListener(detector)
                .queryListener(new RequestDbTime())
                .methodListener(detector)
                // Result sets are proxied so a slow SELECT's alert can carry the rows actually read.
                .resultSetProxyLogicFactory(new SimpleResultSetProxyLogicFactory())
                .build());
        return monitored;
    }
}
