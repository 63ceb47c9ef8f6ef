package com.patientsearch.persistence.datasource;

import io.agroal.api.AgroalDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The Agroal pool behind an injected DataSource. Micronaut hands out its transaction-aware wrapper (and the
 * monitoring proxy wraps that): code that drives its own transactions on plain pooled connections, or that must not
 * be timed as an application statement, takes the pool itself.
 */
public final class AgroalPools {

    private AgroalPools() {
    }

    /** The Agroal pool behind {@code dataSource}, if there is one. */
    public static Optional<AgroalDataSource> pool(DataSource dataSource) {
        if (dataSource instanceof AgroalDataSource pool) {
            return Optional.of(pool);
        }
        try {
            return dataSource.isWrapperFor(AgroalDataSource.class)
                    ? Optional.of(dataSource.unwrap(AgroalDataSource.class)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** The pool behind {@code dataSource}, or {@code dataSource} itself when no Agroal pool is behind it (tests). */
    public static DataSource raw(DataSource dataSource) {
        return pool(dataSource).<DataSource>map(pool -> pool).orElse(dataSource);
    }
}
