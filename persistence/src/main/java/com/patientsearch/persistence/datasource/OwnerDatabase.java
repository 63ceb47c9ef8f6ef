package com.patientsearch.persistence.datasource;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Connections as the schema owner, for the jobs that load or maintain the database as a whole (seed, CLI import,
 * ANALYZE after loads): they write every clinic's rows, which the app's login, bound by row-level security, may not.
 * A small pool of its own, opened on first use; never a {@code DataSource} bean, so Hibernate and the request path
 * cannot pick it up.
 */
@Singleton
public class OwnerDatabase implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 4;

    private final DatabaseLogins logins;
    private volatile AgroalDataSource pool;

    OwnerDatabase(DatabaseLogins logins) {
        this.logins = logins;
    }

    public Connection connection() throws SQLException {
        return pool().getConnection();
    }

    public javax.sql.DataSource dataSource() throws SQLException {
        return pool();
    }

    private AgroalDataSource pool() throws SQLException {
        AgroalDataSource current = pool;
        if (current == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                            .connectionPoolConfiguration(config -> config
                                    .minSize(0)
                                    .maxSize(MAX_CONNECTIONS)
                                    .acquisitionTimeout(Duration.ofSeconds(30))
                                    .reapTimeout(Duration.ofMinutes(1))
                                    .connectionFactoryConfiguration(factory -> factory
                                            .jdbcUrl(logins.url())
                                            .principal(new NamePrincipal(logins.owner().username()))
                                            .credential(new SimplePassword(logins.owner().password()))
                                            .autoCommit(true)
                                            .jdbcProperty("ApplicationName", "patient-search-owner")
                                            .jdbcProperty(AgroalDataSourceFactory.NO_SERVER_DETAIL, "false"))));
                }
                current = pool;
            }
        }
        return current;
    }

    @PreDestroy
    @Override
    public void close() {
        AgroalDataSource current = pool;
        if (current != null) {
            current.close();
        }
    }
}
