package com.patientsearch.persistence.resilience;

import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ExceptionSorter;

import java.sql.SQLException;

/**
 * Tells Agroal which errors leave a connection unusable, so it is destroyed instead of going back to the pool
 * ({@link SqlStateKind#CONNECTION_LOST}): connection exceptions (08xxx) as Agroal's own PostgreSQL sorter does, plus
 * the server going away under it (57Pxx: shutdowns, not accepting connections), which that sorter misses.
 */
public final class FatalConnectionErrors implements ExceptionSorter {

    @Override
    public boolean isFatal(SQLException e) {
        return SqlStateKind.of(e.getSQLState()).connectionFatal();
    }
}
