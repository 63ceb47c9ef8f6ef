package com.patientsearch.app.admin;

import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Order;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import net.ttddyy.dsproxy.QueryCountHolder;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The N+1 tests' pattern (a test-only datasource-proxy counting wrapper at @Order(-1000)) keeps working with the
 * monitoring wrapper on top: statements are counted, and unwrapping reaches Agroal and pgjdbc through both proxies.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementCountingCompatibilityTest implements TestPropertyProvider {

    @Singleton
    @Order(-1000)
    @Requires(property = "test.counting-wrapper", value = "true")
    static class CountingWrapper implements BeanCreatedEventListener<DataSource> {
        @Override
        public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
            return ProxyDataSourceBuilder.create(event.getBean()).name("counting").countQuery().build();
        }
    }

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("counting"));
        properties.put("micronaut.server.port", "-1"); // random: application.yml pins 8080, shared on this machine
        properties.put("test.counting-wrapper", "true");
        return properties;
    }

    @Test
    void countingWrapperSitsUnderMonitoringAndStillCounts() throws Exception {
        DataSource monitored = DelegatingDataSource.unwrapDataSource(dataSource);
        assertThat(monitored.getClass().getSimpleName()).isEqualTo("MonitoredDataSource");
        assertThat(((ProxyDataSource) monitored).getDataSource()).isInstanceOf(ProxyDataSource.class);
        assertThat(dataSource.unwrap(AgroalDataSource.class)).isInstanceOf(AgroalDataSource.class);

        QueryCountHolder.clear();
        try (Connection connection = monitored.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM patient")) {
            assertThat(rs.next()).isTrue();
            assertThat(connection.unwrap(PGConnection.class).getBackendPID()).isPositive();
        }
        assertThat(QueryCountHolder.getGrandTotal().getSelect()).isEqualTo(1);
    }
}
