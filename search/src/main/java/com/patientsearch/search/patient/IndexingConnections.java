package com.patientsearch.search.patient;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Connections taken on Hibernate Search's own threads ({@link IndexingThreads}: outbox event processors) start each
 * transaction bound to every clinic ({@link IndexingScope}), the way {@link PatientIndexer} binds its own: those
 * threads open sessions no caller scope is bound to, and row-level security would show them an empty patient table
 * (the processor would take every patient for deleted). Connections of any other thread are handed out untouched, so
 * a request is still scoped only by its caller, and a transaction that binds nothing still sees nothing.
 *
 * <p>The binding is transaction-local: it is made before the first statement of each transaction (after
 * {@code setAutoCommit(false)}, {@code commit} or {@code rollback}), never carried to the pool. Order -1500: inside
 * the statement counters (-1000) and the monitoring wrapper (-900), outside the replica router (-2000).
 */
@Singleton
@Order(-1500)
class IndexingConnections implements BeanCreatedEventListener<DataSource> {

    private final SearchEngineProperties properties;

    IndexingConnections(SearchEngineProperties properties) {
        this.properties = properties;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource bean = event.getBean();
        boolean primary = event.getBeanIdentifier() != null && "default".equals(event.getBeanIdentifier().getName());
        if (!primary || !properties.engine().indexed() || bean instanceof ScopedDataSource) {
            return bean;
        }
        return new ScopedDataSource(bean);
    }

    /** The pool, with the connections of indexing threads wrapped. {@code unwrap} reaches the pool. */
    static final class ScopedDataSource implements DataSource {

        private final DataSource target;

        ScopedDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return scoped(target.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return scoped(target.getConnection(username, password));
        }

        private static Connection scoped(Connection connection) {
            if (!IndexingThreads.current()) {
                return connection;
            }
            return (Connection) Proxy.newProxyInstance(IndexingConnections.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new EveryClinicPerTransaction(connection));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? (T) this : target.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || target.isWrapperFor(type);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }
    }

    /** Binds every clinic before the first statement of each transaction on the connection. */
    private static final class EveryClinicPerTransaction implements InvocationHandler {

        private final Connection target;
        private boolean bound;

        EveryClinicPerTransaction(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    break;
                case "createStatement":
                case "prepareStatement":
                case "prepareCall":
                    if (!bound && !target.getAutoCommit()) {
                        IndexingScope.bind(target);
                        bound = true;
                    }
                    break;
                default:
                    break;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (name.equals("setAutoCommit") || name.equals("commit") || (name.equals("rollback") && args == null)) {
                bound = false; // the transaction ended (or began): the next one binds again
            }
            return result;
        }
    }
}
