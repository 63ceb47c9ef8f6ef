package com.patientsearch.persistence.datasource;

import com.patientsearch.persistence.schema.SchemaMigrator;
import com.patientsearch.persistence.resilience.FatalConnectionErrors;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * Builds one Agroal pool per {@code datasources.*} block. Micronaut has no Agroal module; this factory is all the
 * glue there is: micronaut-hibernate-jpa builds a SessionFactory for each {@code DataSource} bean it finds. The
 * default pool logs in as the app role, after {@link SchemaMigrator} has migrated the schema as its owner. {@link AgroalPoolCloser} closes each pool when its bean is destroyed.
 */
@Factory
public class AgroalDataSourceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AgroalDataSourceFactory.class);
    /** pgjdbc's switch that keeps the server's {@code Detail} (it quotes row values) out of exception messages. */
    public static final String NO_SERVER_DETAIL = "logServerErrorDetail";

    @Context
    @EachBean(DataSourceProperties.class)
    // Replicas get pools behind the default DataSource, never DataSource beans (Hibernate would build a
    // SessionFactory per DataSource bean).
    @Requires(bean = DataSourceProperties.class, beanProperty = "replica", notEquals = "true")
    AgroalDataSource dataSource(DataSourceProperties properties, BeanProvider<DatabaseLogins> defaultLogins,
                                BeanProvider<SchemaMigrator> migrator, BeanProvider<ServingRoleCheck> roleCheck)
            throws SQLException {
        String url;
        String username;
        String password;
        if ("default".equals(properties.getName())) {
            // The schema is migrated by its owner before the app's pool exists: Hibernate validates it next.
            DatabaseLogins logins = defaultLogins.get();
            migrator.get().migrate(logins);
            url = logins.url();
            username = logins.app().username();
            password = logins.app().password();
        } else if (properties.getUrl().isPresent()) {
            url = DatabaseLogins.withoutLogin(properties.getName(), properties.getUrl().get());
            username = properties.getUsername();
            password = properties.getPassword();
        } else {
            throw new IllegalStateException("datasources." + properties.getName() + ".url is not set");
        }
        AgroalDataSource dataSource = AgroalDataSource.from(configuration(properties, url, username, password));
        try {
            roleCheck.get().verify(properties.getName(), dataSource);
        } catch (RuntimeException | SQLException e) {
            dataSource.close();
            throw e;
        }
        LOG.info("Datasource '{}': {} as {} (pool {}..{})", properties.getName(), withoutCredentials(url), username,
                properties.getMinSize(), properties.getMaxSize());
        return dataSource;
    }

    public static AgroalDataSourceConfigurationSupplier configuration(DataSourceProperties p, String url, String username,
                                                               String password) {
        String initialSql = p.getStatementTimeout().isZero()
                ? null
                : "SET statement_timeout = " + p.getStatementTimeout().toMillis();
        return new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(true)
                .connectionPoolConfiguration(pool -> pool
                        .minSize(p.getMinSize())
                        .initialSize(Math.max(p.getMinSize(), Math.min(p.getInitialSize(), p.getMaxSize())))
                        .maxSize(p.getMaxSize())
                        .acquisitionTimeout(p.getAcquisitionTimeout())
                        .reapTimeout(p.getIdleTimeout())
                        .maxLifetime(p.getMaxLifetime())
                        .validationTimeout(p.getValidationInterval())
                        .idleValidationTimeout(p.getIdleValidationTimeout())
                        .leakTimeout(p.getLeakTimeout())
                        .connectionValidator(ConnectionValidator.defaultValidator())
                        // A connection that saw a fatal error (08xxx, 57P01 after a restart...) is discarded, not reused.
                        .exceptionSorter(new FatalConnectionErrors())
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(url)
                                .principal(new NamePrincipal(username))
                                .credential(new SimplePassword(password))
                                .autoCommit(true)
                                .jdbcProperty("ApplicationName", p.getApplicationName())
                                // the server's Detail quotes the values of a violated key or check: not in messages
                                .jdbcProperty(NO_SERVER_DETAIL, "false")
                                .initialSql(initialSql)));
    }

    /** JDBC URLs may carry a password as a parameter; never log it. */
    public static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
