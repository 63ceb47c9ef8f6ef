package com.patientsearch.persistence.testing;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** An app-role connection inside a transaction scoped to a caller's clinics, as the services run their SQL. */
public final class ScopedConnections {

    private ScopedConnections() {
    }

    /** Closing it rolls the transaction back (the pool resets connections it gets back mid-transaction). */
    public static Connection open(DataSource appPool, CallerScope caller) throws SQLException {
        Connection connection = appPool.getConnection();
        connection.setAutoCommit(false);
        RowSecurity.bind(connection, caller);
        return connection;
    }
}
