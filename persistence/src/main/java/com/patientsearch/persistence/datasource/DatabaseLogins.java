package com.patientsearch.persistence.datasource;

import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.persistence.scope.RowSecurity;
import io.micronaut.context.BeanProvider;
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

    DatabaseLogins(@Named("default") DataSourceProperties properties, BeanProvider<EmbeddedPostgresServer> embedded) {
        if (properties.getUrl().isPresent()) {
            url = properties.getUrl().get();
            if (url.matches("(?i).*[?&](user|password)=.*")) {
                // pgjdbc would let it override both logins: the app would serve as the owner, unbound by row security
                throw new IllegalStateException("datasources.default.url must not carry user or password: set "
                        + "datasources.default.username/password (the app) and owner-username/owner-password (the owner)");
            }
            app = new Login(properties.getUsername(), properties.getPassword());
            owner = properties.getOwnerUsername().map(name -> new Login(name, properties.getOwnerPassword())).orElse(app);
        } else {
            EmbeddedPostgresServer server = embedded.get();
            url = server.jdbcUrl();
            owner = new Login(server.username(), "");
            app = new Login(RowSecurity.APP_ROLE, "");
        }
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
