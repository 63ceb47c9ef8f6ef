package com.patientsearch.persistence.monitoring;

import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

import java.lang.reflect.InvocationTargetException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What it takes to re-run a slow read under EXPLAIN: the original SQL and its parameter setters. It lives in
 * memory only until the plan is captured; it has no toString and is never logged or stored.
 */
final class Replay {

    private static final Set<String> UNREPEATABLE = Set.of("setAsciiStream", "setBinaryStream", "setCharacterStream",
            "setNCharacterStream", "setBlob", "setClob", "setNClob", "clearParameters", "registerOutParameter");

    private final String sql;
    private final List<ParameterSetOperation> parameters;

    private Replay(String sql, List<ParameterSetOperation> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /** Null when the parameters cannot be set twice (streams are consumed by the first execution). */
    static Replay of(String sql, List<ParameterSetOperation> parameters) {
        for (ParameterSetOperation op : parameters) {
            if (UNREPEATABLE.contains(op.getMethod().getName())) {
                return null;
            }
        }
        return new Replay(sql, List.copyOf(parameters));
    }

    String sql() {
        return sql;
    }

    boolean hasParameters() {
        return !parameters.isEmpty();
    }

    void bind(PreparedStatement statement) throws SQLException {
        for (ParameterSetOperation op : parameters) {
            try {
                op.getMethod().invoke(statement, op.getArgs());
            } catch (IllegalAccessException e) {
                throw new SQLException("cannot replay parameter setter " + op.getMethod().getName(), e);
            } catch (InvocationTargetException e) {
                // Only the SQLState travels on: a driver message may quote the value.
                String state = e.getCause() instanceof SQLException s ? s.getSQLState() : null;
                throw new SQLException("replaying " + op.getMethod().getName() + " failed", state);
            }
        }
    }
}
