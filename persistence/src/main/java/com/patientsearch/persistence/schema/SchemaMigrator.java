package com.patientsearch.persistence.schema;

import com.patientsearch.persistence.datasource.DatabaseLogins;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Runs the Liquibase changelog as the schema owner, before the app's pool exists (the default DataSource factory
 * calls it), so Hibernate validates a migrated schema and the app's login never needs DDL rights. A plain JDBC
 * connection: no pool, and no statement timeout, which would bound long index builds.
 */
@Singleton
public class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final String changeLog;
    private final boolean enabled;

    SchemaMigrator(@Value("${schema.change-log:db/changelog/db.changelog-master.xml}") String changeLog,
                   @Value("${schema.migrate:true}") boolean enabled) {
        this.changeLog = stripClasspath(changeLog);
        this.enabled = enabled;
    }

    public void migrate(DatabaseLogins logins) {
        if (!enabled) {
            LOG.info("Schema migration skipped (schema.migrate=false)");
            return;
        }
        try {
            update(logins.url(), logins.owner().username(), logins.owner().password(), changeLog);
        } catch (SQLException | LiquibaseException e) {
            throw new IllegalStateException("Schema migration as '" + logins.owner() + "' failed: " + e.getMessage(), e);
        }
        if (!logins.separated()) {
            LOG.warn("The app connects as the schema owner '{}': row-level security does not bind it. Set "
                    + "datasources.default.owner-username/-password and connect as a non-owner role (docs/security.md).",
                    logins.owner());
        }
    }

    /**
     * Brings the database at {@code url} up to {@code changeLog} as {@code owner}: the one way the schema is migrated,
     * by the app at start and by the tests' template database.
     */
    public static void update(String url, String owner, String password, String changeLog)
            throws SQLException, LiquibaseException {
        Properties credentials = new Properties();
        credentials.setProperty("user", owner);
        credentials.setProperty("password", password);
        credentials.setProperty("ApplicationName", "patient-search-migrations");
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(stripClasspath(changeLog), new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(new Contexts(), new LabelExpression());
            }
        }
    }

    private static String stripClasspath(String changeLog) {
        return changeLog.startsWith("classpath:") ? changeLog.substring("classpath:".length()) : changeLog;
    }
}
