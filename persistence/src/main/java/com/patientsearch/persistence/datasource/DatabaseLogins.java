package com.patientsearch.persistence.datasource;

import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.persistence.scope.RowSecurity;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.env.Environment;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Where the default database is and the two logins it is used with (docs/security.md):
 * <ul>
 *   <li>the <b>owner</b>, which owns the schema: Liquibase migrations, seeding, CLI imports, maintenance;</li>
 *   <li>the <b>app</b> role, which serves requests: not the owner, no BYPASSRLS, so PostgreSQL's row-level
 *       security applies to every statement it runs.</li>
 * </ul>
 * Embedded: the superuser owns, {@value RowSecurity#APP_ROLE} serves (local trust authentication, no password).
 * External: {@code datasources.default.username} serves and {@code owner-username} owns; without an owner login
 * the app's login does both (row-level security is then bypassed, and a warning says so).
 */
@Singleton
public class DatabaseLogins {

    public record Login(String username, String password) {
        @Override
        public String toString() {
            return username; // never the password
        }
    }

    private final String url;
    private final Login owner;
    private final Login app;

    DatabaseLogins(@Named("default") DataSourceProperties properties, BeanProvider<EmbeddedPostgresServer> embedded,
                   Environment environment) {
        if (properties.getUrl().isPresent()) {
            url = withoutLogin("default", properties.getUrl().get());
            app = new Login(properties.getUsername(), properties.getPassword());
            owner = properties.getOwnerUsername().map(name -> new Login(name, properties.getOwnerPassword())).orElse(app);
            if (environment.getActiveNames().contains("prod") && !separated()) {
                // one login for both: it owns the tables, and row-level security does not bind an owner
                throw new IllegalStateException("in prod the app and the schema owner must be different logins: set "
                        + "datasources.default.owner-username/-password to the owner and datasources.default.username "
                        + "to the app's role (docs/security.md)");
            }
        } else {
            EmbeddedPostgresServer server = embedded.get();
            url = server.jdbcUrl();
            owner = new Login(server.username(), "");
            app = new Login(RowSecurity.APP_ROLE, "");
        }
    }

    /**
     * {@code url}, refused if it carries a user or password: pgjdbc would let them override the configured login
     * (the app would serve as the owner, or a replica as anyone), unbound by row security and out of sight.
     */
    public static String withoutLogin(String datasource, String url) {
        if (url.matches("(?is).*[?&;](user|password)=.*") || url.matches("(?is)jdbc:postgresql://[^/?]*@.*")) {
            throw new IllegalStateException("datasources." + datasource + ".url must not carry user or password: set "
                    + "datasources." + datasource + ".username/password" + ("default".equals(datasource)
                    ? " (the app) and owner-username/owner-password (the owner)" : ""));
        }
        return url;
    }

    public String url() {
        return url;
    }

    public Login owner() {
        return owner;
    }

    public Login app() {
        return app;
    }

    /** False when one login does both jobs: then the app owns the tables and row-level security does not bind it. */
    public boolean separated() {
        return !owner.username().equals(app.username());
    }
}
