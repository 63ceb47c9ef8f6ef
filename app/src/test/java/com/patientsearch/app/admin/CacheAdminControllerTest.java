package com.patientsearch.app.admin;

import com.patientsearch.app.security.TestTokens;
import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.domain.patient.Gender;
import com.patientsearch.domain.patient.Patient;
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

import java.time.LocalDate;
import java.time.ZoneId;
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

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("cache_admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsRegionsWithHitsMissesAndRatio() {
        long id = transactions.executeWrite(status -> {
            Clinic clinic = new Clinic("ADM", "Admin Clinic", ZoneId.of("UTC"));
            status.getConnection().persist(clinic);
            Patient patient = new Patient(clinic, "MRN-ADM", "Test", null, "Patient", LocalDate.of(1990, 1, 1), Gender.OTHER);
            status.getConnection().persist(patient);
            return patient.getId();
        });
        transactions.executeWrite(status -> {
            status.getConnection().getSessionFactory().getCache().evictAllRegions();
            return null;
        });
        for (int i = 0; i < 2; i++) {
            transactions.executeRead(status -> status.getConnection().get(Patient.class, id).getAddresses().size());
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
