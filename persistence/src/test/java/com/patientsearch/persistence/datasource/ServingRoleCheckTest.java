package com.patientsearch.persistence.datasource;

import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fail-closed logins: a pool whose login is a superuser, has BYPASSRLS or owns a table stops the start; credentials
 * in any datasource URL are refused; in prod the app and the owner must be different logins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingRoleCheckTest {

    private final TestPostgres postgres = TestPostgres.get();
    private Map<String, String> properties;

    @BeforeAll
    void roles() throws Exception {
        properties = postgres.micronautProperties("role_check");
        try (Connection connection = postgres.ownerConnection(properties.get("datasources.default.url"));
             Statement s = connection.createStatement()) {
            s.execute("""
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'test_bypass_rls') THEN
                            CREATE ROLE test_bypass_rls LOGIN BYPASSRLS PASSWORD 'bypass-pw';
                        END IF;
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'test_table_owner') THEN
                            CREATE ROLE test_table_owner LOGIN PASSWORD 'owner-pw';
                        END IF;
                    END $$""");
            s.execute("CREATE TABLE owned_by_test (id int)");
            s.execute("ALTER TABLE owned_by_test OWNER TO test_table_owner");
        }
    }

    private PGSimpleDataSource login(String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(properties.get("datasources.default.url"));
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Test
    void theAppRolePassesAndSuperusersBypassersAndOwnersAreRefused() {
        ServingRoleCheck strict = new ServingRoleCheck(true);
        assertThatCode(() -> strict.verify("default", login(properties.get("datasources.default.username"),
                properties.get("datasources.default.password")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> strict.verify("replica", login(postgres.username(), postgres.password())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("datasources.replica")
                .hasMessageContaining("is a superuser");
        assertThatThrownBy(() -> strict.verify("default", login("test_bypass_rls", "bypass-pw")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has BYPASSRLS");
        assertThatThrownBy(() -> strict.verify("default", login("test_table_owner", "owner-pw")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("owns 1 tables");
        // one login for everything, outside prod: a warning, not a refusal
        assertThatCode(() -> new ServingRoleCheck(false).verify("default", login(postgres.username(), postgres.password())))
                .doesNotThrowAnyException();
    }

    @Test
    void credentialsInAnyDatasourceUrlAreRefused() {
        for (String url : List.of("jdbc:postgresql://db:5432/ps?user=postgres", "jdbc:postgresql://db/ps?ssl=true&password=x",
                "jdbc:postgresql://db/ps?sslmode=require&USER=x", "jdbc:postgresql://admin:secret@db/ps")) {
            assertThatThrownBy(() -> DatabaseLogins.withoutLogin("replica", url)).as(url)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("datasources.replica.url");
        }
        assertThat(DatabaseLogins.withoutLogin("replica", "jdbc:postgresql://db:5432/ps?sslmode=verify-full"))
                .endsWith("verify-full");
    }

    @Test
    void prodRefusesOneLoginForOwnerAndApp() {
        DataSourceProperties single = new DataSourceProperties("default");
        single.setUrl(properties.get("datasources.default.url"));
        single.setUsername("patient_search_app");
        Environment prod = new DefaultEnvironment(() -> List.of("prod"));
        assertThatThrownBy(() -> new DatabaseLogins(single, null, prod))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("different logins");
        Environment dev = new DefaultEnvironment(() -> List.of("dev"));
        assertThat(new DatabaseLogins(single, null, dev).separated()).isFalse();

        single.setOwnerUsername("patient_search_owner");
        assertThat(new DatabaseLogins(single, null, prod).separated()).isTrue();
    }
}
