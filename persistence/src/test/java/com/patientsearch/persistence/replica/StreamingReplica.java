package com.patientsearch.persistence.replica;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * A primary and a real streaming replica from the embedded binaries. There is no pg_basebackup in them, so the
 * replica is made the manual way: stop the primary cleanly, copy its data directory, add standby.signal and
 * primary_conninfo to the copy, start both. initdb's default pg_hba.conf already allows local replication.
 */
final class StreamingReplica implements AutoCloseable {

    static final String DATABASE = "replica_test";

    private final Path root;
    private final int primaryPort;
    private final int replicaPort;
    private EmbeddedPostgres primary;
    private EmbeddedPostgres replica;

    StreamingReplica() throws IOException, SQLException {
        root = Files.createTempDirectory(Path.of("/tmp"), "wt-cache-replica");
        primaryPort = freePort();
        replicaPort = freePort();
        Path primaryData = root.resolve("primary");
        primary = start(primaryData, primaryPort);
        try (Connection connection = DriverManager.getConnection(primary.getJdbcUrl("postgres", "postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        primary.close();

        Path replicaData = root.resolve("replica");
        copy(primaryData, replicaData);
        Files.deleteIfExists(replicaData.resolve("postmaster.pid"));
        Files.createFile(replicaData.resolve("standby.signal"));
        Files.writeString(replicaData.resolve("postgresql.auto.conf"),
                "\nprimary_conninfo = 'host=localhost port=" + primaryPort + " user=postgres application_name=replica'\n",
                StandardOpenOption.APPEND);

        primary = start(primaryData, primaryPort);
        replica = start(replicaData, replicaPort);
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        EmbeddedPostgresProperties properties = new EmbeddedPostgresProperties();
        properties.setPort(port);
        properties.setSharedBuffers("32MB");
        properties.setMaintenanceWorkMem("32MB");
        return EmbeddedPostgresServer.start(data, properties);
    }

    String primaryUrl() {
        // the login goes to the pool apart: a user in the URL would override it (DatabaseLogins refuses one)
        return primary.getJdbcUrl("postgres", DATABASE).replaceFirst("\\?user=[^&]*", "");
    }

    String replicaUrl() {
        return "jdbc:postgresql://localhost:" + replicaPort + "/" + DATABASE;
    }

    void stopReplica() throws IOException {
        replica.close();
        replica = null;
    }

    @Override
    public void close() throws IOException {
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
        FileUtils.deleteQuietly(root.toFile());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // PostgreSQL refuses a data directory others can read.
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
