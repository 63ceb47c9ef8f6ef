package com.patientsearch.persistence.testing;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.persistence.scope.RowSecurity;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The real PostgreSQL every database test runs against, started once per test JVM and chosen like the app does:
 * {@code DATASOURCES_DEFAULT_URL} (or {@code -Dtest.database.url}) if given, a Testcontainers container if a Docker
 * engine answers, otherwise the embedded PostgreSQL in a temporary directory. Each test class asks for a database
 * of its own, so fixtures never meet.
 */
public final class TestPostgres {

    /** The changelog the app runs; tests migrate with the same one. */
    public static final String CHANGELOG = "classpath:db/changelog/db.changelog-master.xml";

    /** Tests only: the app role's password on servers that check passwords. */
    static final String APP_PASSWORD = "patient-search-test";

    private static volatile TestPostgres instance;

    private final String kind;
    private final String adminUrl;
    private final String username;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

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
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                    deleteRecursively(dataDirectory);
                } catch (IOException ignored) {
                    // the JVM is going away; a left-over temp directory is harmless
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
        String name = (prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + ProcessHandle.current().pid()
                + "_" + databases.incrementAndGet());
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return withDatabase(adminUrl, name);
    }

    /**
     * Micronaut properties pointing the default datasource at a fresh database, as in production: migrated by the
     * owner (this server's admin login) at start, served by the app role that row-level security binds.
     */
    public Map<String, String> micronautProperties(String prefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("datasources.default.url", createDatabase(prefix));
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
        properties.put("datasources.default.url", createDatabase(prefix));
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

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
