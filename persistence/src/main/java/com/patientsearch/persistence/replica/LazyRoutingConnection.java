package com.patientsearch.persistence.replica;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection that takes a real one only when the first statement needs it. Until then it records what the
 * transaction manager sets up ({@code setReadOnly}, {@code setAutoCommit}, isolation), so the choice between
 * replica and primary can follow the transaction's read-only flag: Micronaut's transaction manager marks the
 * connection read-only before Hibernate runs anything on it.
 */
final class LazyRoutingConnection implements InvocationHandler {

    /** Picks the real connection for a read-only (true) or read-write (false) unit of work and applies setup. */
    interface Target {
        Connection connect(boolean readOnly, Setup setup) throws SQLException;
    }

    /** Replays on the real connection what was set on the lazy one. */
    interface Setup {
        void apply(Connection connection) throws SQLException;
    }

    private final Target target;
    private Connection connection;
    private boolean readOnly;
    private Boolean autoCommit;
    private Integer isolation;
    private boolean closed;

    private LazyRoutingConnection(Target target) {
        this.target = target;
    }

    static Connection create(Target target) {
        return (Connection) Proxy.newProxyInstance(LazyRoutingConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new LazyRoutingConnection(target));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "LazyRoutingConnection[" + (connection == null ? "not connected" : connection) + "]";
            case "isClosed":
                return closed;
            case "close":
                closed = true;
                if (connection != null) {
                    connection.close();
                }
                return null;
            default:
                break;
        }
        if (connection == null) {
            switch (name) {
                case "setReadOnly":
                    readOnly = (Boolean) args[0];
                    return null;
                case "isReadOnly":
                    return readOnly;
                case "setAutoCommit":
                    autoCommit = (Boolean) args[0];
                    return null;
                case "getAutoCommit":
                    return autoCommit == null || autoCommit;
                case "setTransactionIsolation":
                    isolation = (Integer) args[0];
                    return null;
                case "commit":
                case "rollback":
                case "clearWarnings":
                    if (args == null || args.length == 0) {
                        return null; // nothing ran, nothing to end
                    }
                    break;
                case "getWarnings":
                    return null;
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    break;
                case "isWrapperFor":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
            if (closed) {
                throw new SQLException("connection is closed");
            }
            connect();
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void connect() throws SQLException {
        connection = target.connect(readOnly, this::setUp);
    }

    private void setUp(Connection real) throws SQLException {
        if (autoCommit != null && real.getAutoCommit() != autoCommit) {
            real.setAutoCommit(autoCommit);
        }
        if (isolation != null) {
            real.setTransactionIsolation(isolation);
        }
        if (readOnly) {
            real.setReadOnly(true);
        }
    }
}
