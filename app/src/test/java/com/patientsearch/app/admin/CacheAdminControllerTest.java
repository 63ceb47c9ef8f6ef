package com.patientsearch.app.admin;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API shows per-region hit/miss counts and ratio after a patient was read twice. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheAdminControllerTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TransactionOperations<Session> transactions;
    @Inject
    OwnerDatabase owner;

    private static final CallerScope ADMIN_CLINIC = CallerScope.of("test", "clinician", java.util.Set.of("ADM"), null);

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("cache_admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsRegionsWithHitsMissesAndRatio() throws java.sql.SQLException {
        // Written by the owner: the app's login may not create clinics, nor patients outside a caller's scope.
        long id;
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     WITH c AS (INSERT INTO clinic (code, name, time_zone) VALUES ('ADM', 'Admin Clinic', 'UTC') RETURNING id)
                     INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                     SELECT id, 'MRN-ADM', 'Test', 'Patient', date '1990-01-01', 'other' FROM c RETURNING id""")) {
            rs.next();
            id = rs.getLong(1);
        }
        transactions.executeWrite(status -> {
            status.getConnection().getSessionFactory().getCache().evictAllRegions();
            return null;
        });
        for (int i = 0; i < 2; i++) {
            transactions.executeRead(status -> {
                status.getConnection().doWork(c -> RowSecurity.bind(c, ADMIN_CLINIC));
                return status.getConnection().get(Patient.class, id).getAddresses().size();
            });
        }

        Map<String, Object> body = client.toBlocking().retrieve(TestTokens.ops(HttpRequest.GET("/api/v1/admin/cache")),
                Argument.mapOf(String.class, Object.class));
        List<Map<String, Object>> regions = (List<Map<String, Object>>) body.get("regions");
        Map<String, Object> patient = regions.stream().filter(r -> "patient".equals(r.get("name"))).findFirst().orElseThrow();
        assertThat(((Number) patient.get("hits")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) patient.get("misses")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) patient.get("hitRatio")).doubleValue()).isBetween(0.0, 1.0).isPositive();
        assertThat(regions).extracting(r -> r.get("name")).contains("clinic", "patient-contacts", "patient-addresses");
    }
}
