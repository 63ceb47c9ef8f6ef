package com.patientsearch.app.bulk;

import com.patientsearch.persistence.datasource.AgroalPools;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Bulk-loading connections for the seeder and the CLI importer: the schema owner's (they load every clinic's rows,
 * which row-level security keeps the app's login from), plain pooled connections that drive their own transactions.
 */
@Singleton
public class PgCopy {

    private final DataSource dataSource;
    private final DataSource appPool;

    @Inject
    public PgCopy(OwnerDatabase owner, DataSource app) throws SQLException {
        this.dataSource = owner.dataSource();
        // the pool behind Micronaut's transaction-aware wrapper: plain connections that drive their own transactions
        this.appPool = AgroalPools.raw(app);
    }

    /** For tests and tools that have a plain DataSource. */
    public PgCopy(DataSource dataSource) {
        this.dataSource = dataSource;
        this.appPool = dataSource;
    }

    /** The schema owner's connection: every clinic, no row-level security (seed, CLI import, post-load ANALYZE). */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The app's login, bound by row-level security: for bulk work on behalf of an API caller (the HTTP import). */
    public Connection appConnection() throws SQLException {
        return appPool.getConnection();
    }

    /** Streams COPY text into {@code copySql} ({@code COPY t (cols) FROM STDIN}); returns the rows written. */
    public static long copyIn(Connection connection, String copySql, byte[] rows) throws SQLException {
        if (rows.length == 0) {
            return 0;
        }
        try {
            return manager(connection).copyIn(copySql, new ByteArrayInputStream(rows), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CopyManager manager(Connection connection) throws SQLException {
        // Agroal's wrapper (and datasource-proxy, in tests) unwrap to the pgjdbc connection underneath.
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }
}
