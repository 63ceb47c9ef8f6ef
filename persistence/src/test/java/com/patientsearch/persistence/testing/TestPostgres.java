package com.patientsearch.persistence.testing;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.persistence.schema.SchemaMigrator;
import com.patientsearch.persistence.scope.RowSecurity;
import liquibase.exception.LiquibaseException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.io.FileUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The real PostgreSQL every database test runs against, started once per test JVM and chosen like the app does:
 * {@code DATASOURCES_DEFAULT_URL} (or {@code -Dtest.database.url}) if given, a Testcontainers container if a Docker
 * engine answers, otherwise the embedded PostgreSQL in a temporary directory. Each test class asks for a database
 * of its own, so fixtures never meet. The changelog runs once per JVM, into a template database; each class's
 * database is a copy of it, so the properties given to Micronaut turn the app's migration at start off
 * ({@code schema.migrate=false}): it would only find every changeSet applied. Tests of the service's own start
 * (an embedded data directory, {@code EmbeddedMode}) still migrate at start.
 */
public final class TestPostgres {

    /** The changelog the app runs; tests migrate with the same one. */
    public static final String CHANGELOG = "classpath:db/changelog/db.changelog-master.xml";

    /** The switch of the app's migration at start; a copy of the migrated template has nothing left to apply. */
    private static final String MIGRATE_AT_START = "schema.migrate";

    /** Tests only: the app role's password on servers that check passwords. */
    static final String APP_PASSWORD = "patient-search-test";

    private static volatile TestPostgres instance;

    private final String kind;
    private final String adminUrl;
    private final String username;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();
    private String template; // migrated once per JVM, then copied: CREATE DATABASE ... TEMPLATE
    private final Map<String, String> fixtureTemplates = new HashMap<>(); // fixture name -> its template database

    /** Rows several test classes share (a large plan-test population): written once per JVM as the owner. */
    @FunctionalInterface
    public interface Fixture {
        void load(Connection owner) throws SQLException;
    }

    private TestPostgres(String kind, String adminUrl, String username, String password) {
        this.kind = kind;
        this.adminUrl = adminUrl;
        this.username = username;
        this.password = password;
    }

    public static TestPostgres get() {
        if (instance == null) {
            synchronized (TestPostgres.class) {
                if (instance == null) {
                    TestPostgres started = start();
                    started.createAppRole();
                    instance = started;
                }
            }
        }
        return instance;
    }

    private static TestPostgres start() {
        String external = firstNonBlank(System.getProperty("test.database.url"), System.getenv("DATASOURCES_DEFAULT_URL"));
        if (external != null) {
            return new TestPostgres("external", external,
                    firstNonBlank(System.getProperty("test.database.username"), System.getenv("DATASOURCES_DEFAULT_USERNAME"), "postgres"),
                    firstNonBlank(System.getProperty("test.database.password"), System.getenv("DATASOURCES_DEFAULT_PASSWORD"), ""));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17")
                    .withCommand("postgres", "-c", "shared_preload_libraries=pg_stat_statements", "-c", "max_connections=300");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-stop"));
            return new TestPostgres("testcontainers", container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            Path dataDirectory = Files.createTempDirectory("patient-search-test-pg");
            EmbeddedPostgresProperties properties = new EmbeddedPostgresProperties();
            properties.setSharedBuffers("128MB");
            properties.setDurable(false); // a temporary directory: speed over crash safety
            EmbeddedPostgres postgres = EmbeddedPostgresServer.start(dataDirectory, properties);
            // The directory holds a whole cluster per test JVM: it must go even when zonky's own exit hook stops the
            // server first (close() then fails), and only once the server is gone (it writes pg_stat on its way out).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException | RuntimeException stoppedAlready) {
                    // zonky's hook got there first
                } finally {
                    removeOnceStopped(dataDirectory);
                }
            }, "test-postgres-stop"));
            // No user in the URL: pgjdbc lets a URL's user override the login the pool is given.
            return new TestPostgres("embedded", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Which PostgreSQL the tests run on: external, testcontainers or embedded. */
    public String kind() {
        return kind;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Creates an empty database named after {@code prefix} and returns its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = uniqueName(prefix);
        execute("CREATE DATABASE " + name);
        return withDatabase(adminUrl, name);
    }

    /** Creates a database named after {@code prefix} holding the migrated schema (no rows) and returns its JDBC URL. */
    public synchronized String createMigratedDatabase(String prefix) {
        return withDatabase(adminUrl, copyOf(migratedTemplate(), prefix));
    }

    /**
     * Creates a database named after {@code prefix} holding the migrated schema and the rows {@code fixture} writes.
     * The fixture runs once per JVM, into a template of its own; each call copies that template, which takes a
     * fraction of the time the rows took to write, statistics included.
     */
    public synchronized String createDatabaseWithFixture(String prefix, String fixtureName, Fixture fixture) {
        String fixtureTemplate = fixtureTemplates.get(fixtureName);
        if (fixtureTemplate == null) {
            fixtureTemplate = copyOf(migratedTemplate(), fixtureName);
            try (Connection owner = DriverManager.getConnection(withDatabase(adminUrl, fixtureTemplate), username, password)) {
                fixture.load(owner);
            } catch (SQLException e) {
                throw new IllegalStateException("could not load the test fixture " + fixtureName, e);
            }
            fixtureTemplates.put(fixtureName, fixtureTemplate);
        }
        return withDatabase(adminUrl, copyOf(fixtureTemplate, prefix));
    }

    private String migratedTemplate() {
        if (template == null) {
            String name = uniqueName("template");
            execute("CREATE DATABASE " + name);
            try {
                SchemaMigrator.update(withDatabase(adminUrl, name), username, password, CHANGELOG);
            } catch (SQLException | LiquibaseException e) {
                throw new IllegalStateException("could not migrate the template test database", e);
            }
            template = name;
        }
        return template;
    }

    private String copyOf(String templateName, String prefix) {
        String name = uniqueName(prefix);
        // FILE_COPY: the template is copied as files, not written again through the WAL (PostgreSQL 15+).
        execute("CREATE DATABASE " + name + " TEMPLATE " + templateName + " STRATEGY = FILE_COPY");
        // Database privileges are not copied from a template; the migration's grant is repeated here.
        execute("GRANT CONNECT ON DATABASE " + name + " TO " + RowSecurity.APP_ROLE);
        return name;
    }

    private String uniqueName(String prefix) {
        return prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + ProcessHandle.current().pid()
                + "_" + databases.incrementAndGet();
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run on the test server: " + sql, e);
        }
    }

    /**
     * Micronaut properties pointing the default datasource at a fresh copy of the migrated schema, as in production:
     * owned by this server's admin login (which the app's migration at start runs as), served by the app role that
     * row-level security binds.
     */
    public Map<String, String> micronautProperties(String prefix) {
        return twoLogins(createMigratedDatabase(prefix));
    }

    /** {@link #micronautProperties(String)} on a copy of a shared fixture ({@link #createDatabaseWithFixture}). */
    public Map<String, String> micronautProperties(String prefix, String fixtureName, Fixture fixture) {
        return twoLogins(createDatabaseWithFixture(prefix, fixtureName, fixture));
    }

    private Map<String, String> twoLogins(String jdbcUrl) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MIGRATE_AT_START, "false");
        properties.put("datasources.default.url", jdbcUrl);
        properties.put("datasources.default.username", RowSecurity.APP_ROLE);
        properties.put("datasources.default.password", APP_PASSWORD);
        properties.put("datasources.default.owner-username", username);
        properties.put("datasources.default.owner-password", password);
        return properties;
    }

    /**
     * A fresh database with one login that owns the schema and serves the app: the configuration of an external
     * database without {@code owner-username}. Row-level security does not bind that login, so tests of Hibernate
     * itself (caching, locking, wiring) can write entities of any clinic through the app's own session.
     */
    public Map<String, String> micronautPropertiesSingleLogin(String prefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(MIGRATE_AT_START, "false");
        properties.put("datasources.default.url", createMigratedDatabase(prefix));
        properties.put("datasources.default.username", username);
        properties.put("datasources.default.password", password);
        return properties;
    }

    /** The owner's connection to a test database (fixtures: every clinic's rows, which the app role may not write). */
    public Connection ownerConnection(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /**
     * The app role is cluster-wide and the migration creates it without a password (embedded trust authentication);
     * a server that checks passwords (Testcontainers, external) gets it created here first, with one.
     */
    private void createAppRole() {
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN NOBYPASSRLS PASSWORD '%2$s';
                        END IF;
                    END $$""".formatted(RowSecurity.APP_ROLE, APP_PASSWORD));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the app role " + RowSecurity.APP_ROLE, e);
        }
    }

    static String withDatabase(String jdbcUrl, String database) {
        // jdbc:postgresql://host:port/db?params -> same server, another database
        int hosts = jdbcUrl.indexOf("//") + 2;
        int slash = jdbcUrl.indexOf('/', hosts);
        int query = jdbcUrl.indexOf('?', hosts);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        String server = slash < 0 ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) : jdbcUrl.substring(0, slash);
        return server + "/" + database + params;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static void removeOnceStopped(Path dataDirectory) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(dataDirectory.resolve("postmaster.pid")) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (!FileUtils.deleteQuietly(dataDirectory.toFile()) && Files.exists(dataDirectory)) {
            System.err.println("could not remove the test database directory " + dataDirectory);
        }
    }
}
