package com.patientsearch.persistence.datasource;

import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Row-level security binds a login only if it is no superuser, has no BYPASSRLS and owns none of the tables: checked
 * at start on every pool that serves requests (the default one and each replica's), so a misconfigured login stops
 * the start instead of silently reading every clinic. Only a deployment that chose one login for everything outside
 * {@code prod} (no {@code owner-username}; the start warns about it) gets a warning instead.
 */
@Singleton
public class ServingRoleCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ServingRoleCheck.class);
    static final String QUERY = """
            SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%')
            FROM pg_roles r WHERE r.rolname = current_user""";

    private final boolean strict;

    @Inject
    ServingRoleCheck(DatabaseLogins logins, Environment environment) {
        this(environment.getActiveNames().contains("prod") || logins.separated());
    }

    ServingRoleCheck(boolean strict) {
        this.strict = strict;
    }

    /** @throws IllegalStateException when the pool's login would not be bound by row-level security */
    public void verify(String pool, DataSource dataSource) throws SQLException {
        List<String> problems = problems(dataSource);
        if (problems.isEmpty()) {
            return;
        }
        String message = "datasources." + pool + " serves requests as a login that row-level security does not bind ("
                + String.join(", ", problems) + "): connect as a role without SUPERUSER and BYPASSRLS that owns no "
                + "table (docs/security.md)";
        if (strict) {
            throw new IllegalStateException(message);
        }
        LOG.warn(message);
    }

    static List<String> problems(DataSource dataSource) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(QUERY)) {
            rs.next();
            String role = rs.getString(1);
            if (rs.getBoolean(2)) {
                problems.add(role + " is a superuser");
            }
            if (rs.getBoolean(3)) {
                problems.add(role + " has BYPASSRLS");
            }
            if (rs.getLong(4) > 0) {
                problems.add(role + " owns " + rs.getLong(4) + " tables or views");
            }
        }
        return problems;
    }
}
