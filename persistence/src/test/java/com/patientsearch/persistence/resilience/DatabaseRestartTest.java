package com.patientsearch.persistence.resilience;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app recovers on its own after PostgreSQL restarts under it: same data directory, same port, a running
 * context with a full pool of now-dead connections; the next read succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRestartTest {

    private Path data;
    private EmbeddedPostgresProperties server;
    private EmbeddedPostgres postgres;
    private ApplicationContext context;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory(Path.of("/tmp"), "wt-cache-restart");
        server = new EmbeddedPostgresProperties();
        server.setSharedBuffers("32MB");
        server.setMaintenanceWorkMem("32MB");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setPort(socket.getLocalPort());
        }
        postgres = EmbeddedPostgresServer.start(data, server);
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE restart_test");
        }
        context = ApplicationContext.run(Map.of(
                // single login (the superuser serves and owns): this test is about restarts, not row security
                "datasources.default.url", postgres.getJdbcUrl("postgres", "restart_test").replaceFirst("\\?user=[^&]*", ""),
                "datasources.default.min-size", 4,
                "datasources.default.initial-size", 4,
                "flaky-reads.enabled", true,
                "database.retry.delay", "200ms",
                "database.retry.attempts", 5));
    }

    @AfterAll
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        FileUtils.deleteQuietly(data.toFile());
    }

    @Test
    void readsSucceedAgainAfterTheDatabaseRestarts() throws Exception {
        FlakyReads reads = context.getBean(FlakyReads.class);
        // Use several pooled connections so the pool holds them when the server goes away.
        for (int i = 0; i < 4; i++) {
            assertThat(reads.countClinics()).isZero();
        }

        postgres.close();
        postgres = EmbeddedPostgresServer.start(data, server);

        for (int i = 0; i < 6; i++) {
            assertThat(reads.countClinics()).as("read %d after the restart", i).isZero();
        }
    }
}
