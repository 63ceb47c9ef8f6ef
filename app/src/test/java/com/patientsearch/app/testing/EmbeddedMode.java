package com.patientsearch.app.testing;

import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.micronaut.context.ApplicationContext;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The service in its default mode, for tests of what only exists there (backups, the embedded server's archiving):
 * no {@code datasources.default.url}, an embedded PostgreSQL on a data directory of its own and a backup directory
 * beside it, both under one temporary directory removed by {@link #close()}.
 */
public final class EmbeddedMode implements AutoCloseable {

    private final Path root;

    private EmbeddedMode(Path root) {
        this.root = root;
    }

    public static EmbeddedMode create(String prefix) throws IOException {
        return new EmbeddedMode(Files.createTempDirectory(Path.of("/tmp"), prefix));
    }

    /** A run pointed at an external database has no embedded mode to test. */
    public static boolean available() {
        return System.getenv("DATASOURCES_DEFAULT_URL") == null && System.getProperty("test.database.url") == null;
    }

    public Path data() {
        return root.resolve("pgdata");
    }

    public Path backups() {
        return root.resolve("backups");
    }

    /**
     * Micronaut properties: small server, no demo seed, no scheduled backup during the test, a free HTTP port, the
     * postgres engine.
     */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("embedded-postgres.data-directory", data().toString());
        properties.put("embedded-postgres.shared-buffers", "32MB");
        properties.put("embedded-postgres.maintenance-work-mem", "32MB");
        properties.put("backup.directory", backups().toString());
        properties.put("backup.initial-delay", "1h");
        properties.put("demo-data.patients", "0");
        properties.put("micronaut.server.port", "-1");
        // What these tests test is the database's side; embedded mode's own engine (lucene) is EmbeddedEngineDefaultTest's.
        properties.put("search.engine", "postgres");
        return properties;
    }

    /**
     * Closes the service, then its embedded PostgreSQL: the context does not stop that server itself (zonky's JVM exit
     * hook does, in production), and a restore or the directory's removal must not find it running.
     */
    public static void stop(ApplicationContext context) throws IOException {
        EmbeddedPostgresServer server = context.findBean(EmbeddedPostgresServer.class).orElse(null);
        context.close();
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() throws IOException {
        FileUtils.deleteQuietly(root.toFile());
    }
}
