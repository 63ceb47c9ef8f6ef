package com.patientsearch.operations.monitoring;

import com.patientsearch.persistence.scope.CallerScope;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

import java.lang.reflect.InvocationTargetException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What it takes to re-run a slow read under EXPLAIN: the original SQL and its parameter setters. It lives in
 * memory only until the plan is captured; it has no toString and is never logged or stored.
 */
final class Replay {

    private static final Set<String> UNREPEATABLE = Set.of("setAsciiStream", "setBinaryStream", "setCharacterStream",
            "setNCharacterStream", "setBlob", "setClob", "setNClob", "clearParameters", "registerOutParameter");

    private final String sql;
    private final List<ParameterSetOperation> parameters;
    private final SortedSet<String> clinics;

    private Replay(String sql, List<ParameterSetOperation> parameters, SortedSet<String> clinics) {
        this.sql = sql;
        this.parameters = parameters;
        this.clinics = clinics;
    }

    /**
     * Null when the parameters cannot be set twice (streams are consumed by the first execution). {@code clinics}:
     * the clinic scope the slow statement ran under (empty: none), so row-level security shows the replay the same
     * rows.
     */
    static Replay of(String sql, List<ParameterSetOperation> parameters, Set<String> clinics) {
        for (ParameterSetOperation op : parameters) {
            if (UNREPEATABLE.contains(op.getMethod().getName())) {
                return null;
            }
        }
        return new Replay(sql, List.copyOf(parameters), Collections.unmodifiableSortedSet(new TreeSet<>(clinics)));
    }

    String sql() {
        return sql;
    }

    /** The caller's scope to bind before the EXPLAIN, if the statement ran under one. */
    Optional<CallerScope> scope() {
        return clinics.isEmpty() ? Optional.empty() : Optional.of(CallerScope.of("plan-replay", "ops", clinics, null));
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
