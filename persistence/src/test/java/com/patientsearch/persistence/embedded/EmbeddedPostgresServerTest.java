package com.patientsearch.persistence.embedded;

import com.patientsearch.persistence.backup.BackupProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The default database: real PostgreSQL from a Maven artifact, data kept across restarts, statistics preloaded. */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDirectory;

    @Test
    void keepsItsDataAcrossARestartAndPreloadsPgStatStatements() throws Exception {
        EmbeddedPostgresProperties properties = new EmbeddedPostgresProperties();
        properties.setDataDirectory(dataDirectory);
        properties.setDatabase("restart_test");
        properties.setSharedBuffers("32MB");

        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(properties, noBackups());
             Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int)");
            statement.execute("INSERT INTO kept VALUES (7)");
            try (ResultSet rs = statement.executeQuery("SHOW shared_preload_libraries")) {
                rs.next();
                assertThat(rs.getString(1)).contains("pg_stat_statements");
            }
            try (ResultSet rs = statement.executeQuery("SHOW fsync")) {
                rs.next();
                assertThat(rs.getString(1)).as("the app's data must survive a crash").isEqualTo("on");
            }
        }
        assertThat(Files.exists(dataDirectory.resolve("PG_VERSION"))).isTrue();


        try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(properties, noBackups());
             Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    private static BackupProperties noBackups() {
        BackupProperties backup = new BackupProperties();
        backup.setEnabled(false);
        return backup;
    }
}
