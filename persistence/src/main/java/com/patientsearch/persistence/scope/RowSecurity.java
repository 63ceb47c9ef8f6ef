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
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, CLINICS_SETTING);
            statement.setString(2, String.join(",", caller.clinics()));
            statement.execute();
        }
    }
}
