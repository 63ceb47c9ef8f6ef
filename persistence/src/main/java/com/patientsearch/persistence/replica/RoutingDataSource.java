package com.patientsearch.persistence.replica;

import com.patientsearch.persistence.resilience.DatabaseFailures;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The one DataSource Hibernate, Liquibase and everyone else see when replicas are configured: read-only
 * transactions get a replica in rotation, everything else (writes, read-write transactions, work outside a
 * transaction, Liquibase) the primary. A replica that fails to hand out a connection leaves rotation at once and
 * the read goes to the primary. {@code unwrap} reaches the primary pool.
 */
final class RoutingDataSource implements DataSource {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);

    private static final int VALIDATION_SECONDS = 2;

    private final DataSource primary;
    private final ReplicaPools replicas;

    /** Counts go to {@link ReplicaPools}; the meters over them are bound by ReplicaHealthCheck, not here (see there). */
    RoutingDataSource(DataSource primary, ReplicaPools replicas) {
        this.primary = primary;
        this.replicas = replicas;
    }

    @Override
    public Connection getConnection() {
        return LazyRoutingConnection.create(this::connect);
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    private Connection connect(boolean readOnly, LazyRoutingConnection.Setup setup) throws SQLException {
        if (readOnly) {
            for (Replica replica = replicas.pick(); replica != null; replica = replicas.pick()) {
                try {
                    Connection connection = replica.pool().getConnection();
                    // One round trip buys a read that does not fail on a replica that went away since the last check.
                    if (!connection.isValid(VALIDATION_SECONDS)) {
                        connection.close();
                        throw new SQLException("connection to the replica is no longer valid", "08006");
                    }
                    connection = setUp(connection, setup);
                    replicas.replicaReads.increment();
                    return connection;
                } catch (SQLException e) {
                    // Down or restarting: out until the health check finds it well; this read goes elsewhere.
                    replica.failed();
                    LOG.warn("Read replica '{}' out of rotation: {}", replica.name(), DatabaseFailures.describe(e));
                }
            }
            replicas.primaryReads.increment();
        }
        return setUp(primary.getConnection(), setup);
    }

    private static Connection setUp(Connection connection, LazyRoutingConnection.Setup setup) throws SQLException {
        try {
            setup.apply(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? (T) this : primary.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || primary.isWrapperFor(type);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return primary.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        primary.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        primary.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return primary.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return primary.getParentLogger();
    }
}
