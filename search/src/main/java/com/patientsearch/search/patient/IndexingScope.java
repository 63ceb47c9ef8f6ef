package com.patientsearch.search.patient;

import com.patientsearch.persistence.scope.RowSecurity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The scope indexing runs with: every clinic, named from the clinic table when the transaction starts (row-level
 * security's setting, transaction-local like {@link RowSecurity#bind}). The index holds every clinic's patients; what
 * a caller may see is decided at search time (the index's clinic filter, then the page read under the caller's scope).
 * Used by {@link PatientIndexer}'s own transactions and by Hibernate Search's background ones
 * ({@link IndexingConnections}).
 */
final class IndexingScope {

    /** No clinic, no patient: an empty list matches none (fail closed). */
    private static final String BIND = "SELECT set_config(?, coalesce((SELECT string_agg(code, ',') FROM clinic), ''), true)";

    private IndexingScope() {
    }

    /** Must run inside the transaction whose statements it should scope. */
    static void bind(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BIND)) {
            statement.setString(1, RowSecurity.CLINICS_SETTING);
            statement.execute();
        }
    }
}
