package com.patientsearch.persistence.scope;

import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Hands the caller's clinics to PostgreSQL's row-level security for the current transaction:
 * {@code set_config(..., is_local => true)} is {@code SET LOCAL} with a bound value, so the setting ends with the
 * transaction and a pooled connection never carries one caller's clinics into the next. Without it the policies
 * see no clinic and every protected table looks empty (fail closed).
 */
public final class RowSecurity {

    /** The custom setting the policies read (liquibase 070-row-level-security). */
    public static final String CLINICS_SETTING = "patient_search.clinics";

    /** The login the app serves requests with: subject to row-level security, owns nothing (liquibase 070). */
    public static final String APP_ROLE = "patient_search_app";

    private RowSecurity() {
    }

    /** The same, on the connection of a Hibernate session's current transaction. */
    public static void bind(Session session, CallerScope caller) {
        session.doWork(connection -> bind(connection, caller));
    }

    /** Must run inside the transaction whose statements it should scope. */
    public static void bind(Connection connection, CallerScope caller) throws SQLException {
        bind(connection, caller, "SELECT set_config(?, ?, true)");
    }

    /**
     * The same, and {@code plan_cache_mode = force_generic_plan} for the transaction, in the same round trip. For a
     * statement whose plan does not depend on its values (its selective inputs are computed inside it) but whose
     * planning is costly: PostgreSQL otherwise re-plans a prepared statement at every execution while its custom
     * plans look cheaper than the generic one (the name search planned about as long as it ran: docs/performance.md).
     */
    public static void bindWithGenericPlans(Connection connection, CallerScope caller) throws SQLException {
        bind(connection, caller, "SELECT set_config(?, ?, true), set_config('plan_cache_mode', 'force_generic_plan', true)");
    }

    /**
     * The binding as the first of two statements sent together ({@code prepareStatement(BIND_FIRST + sql)}): one round
     * trip instead of two. PostgreSQL runs them in order, so the second already sees the caller's clinics; its result
     * is the statement's second ({@code getMoreResults()}). {@link #bindFirst} sets the binding's two parameters.
     */
    public static final String BIND_FIRST = "SELECT set_config(?, ?, true);\n";

    /** Sets the parameters of {@link #BIND_FIRST}; returns the index of the statement's own first parameter. */
    public static int bindFirst(PreparedStatement statement, CallerScope caller) throws SQLException {
        statement.setString(1, CLINICS_SETTING);
        statement.setString(2, String.join(",", caller.clinics()));
        return 3;
    }

    private static void bind(Connection connection, CallerScope caller, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindFirst(statement, caller);
            statement.execute();
        }
    }
}
