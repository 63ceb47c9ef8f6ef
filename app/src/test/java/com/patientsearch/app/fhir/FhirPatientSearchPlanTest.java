package com.patientsearch.app.fhir;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.ScopedConnections;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.plan.QueryPlan;
import com.patientsearch.search.plan.SyntheticPatients;
import io.agroal.api.AgroalDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR patient statement ({@link FhirPatientSql}) explained on the plan tests' 100,000 synthetic patients, as the app role under
 * row-level security: every selective parameter rides its index, and neither patient nor contact_info is scanned.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirPatientSearchPlanTest implements TestPropertyProvider {

    private static final CallerScope CALLER = SyntheticPatients.frontDesk(SyntheticPatients.PLAN_CLINICS);

    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    private AgroalDataSource pool;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("fhir_plans", SyntheticPatients.PLAN_FIXTURE,
                SyntheticPatients::loadPlanFixture);
    }

    @BeforeAll
    void seed() throws Exception {
        pool = dataSource.unwrap(AgroalDataSource.class);
        try (Connection connection = owner.connection()) {
            // the shared plan population's addresses spread over 40 towns; this class's copy gets a second one per
            // patient in one of two towns, so a city matches a third of the patients or more
            try (java.sql.Statement s = connection.createStatement()) {
                s.execute("""
                        INSERT INTO address (patient_id, street, city, region, postal_code, country)
                        SELECT id, (id % 900 + 1) || ' Main St', CASE WHEN id % 3 = 0 THEN 'Springfield' ELSE 'Shelbyville' END,
                               'IL', lpad((id % 99999)::text, 5, '0'), 'US'
                        FROM patient""");
                s.execute("ANALYZE address");
            }
        }
    }

    private QueryPlan plan(String... nameValuePairs) throws Exception {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            values.computeIfAbsent(nameValuePairs[i], k -> new java.util.ArrayList<>()).add(nameValuePairs[i + 1]);
        }
        FhirPatientQuery query = FhirPatientQuery.parse(new FhirParams(values, List.of()));
        FhirPatientSql sql = FhirPatientSql.build(query, List.copyOf(CALLER.clinics()), null, query.count() + 1);
        try (Connection connection = ScopedConnections.open(pool, CALLER)) {
            QueryPlan plan = QueryPlan.explain(connection, sql.sql(), sql.binds(), (statement, index, value) -> false);
            assertThat(plan.sequentialScans()).as(plan.json()).doesNotContain("patient", "contact_info", "address");
            return plan;
        }
    }

    @Test
    void nameStartsWithUsesTheDictionaryAndTheTokenIndex() throws Exception {
        assertThat(plan("name", "smi").indexes()).contains("name_token_prefix_idx", "patient_name_tokens_gin")
                .as("the clinic index of the row-level-security condition is not AND-ed in").doesNotContain("patient_clinic_mrn_uk");
        assertThat(plan("family", "garc", "given", "mar").indexes()).contains("name_token_prefix_idx", "patient_name_tokens_gin");
    }

    @Test
    void nameAndBirthdate() throws Exception {
        assertThat(plan("name", "john", "birthdate", "1980").indexes()).containsAnyOf("patient_name_tokens_gin", "patient_dob_idx");
    }

    @Test
    void nicknamesUseTheTokenIndex() throws Exception {
        assertThat(plan("name:nickname", "james").indexes()).contains("patient_name_tokens_gin");
        assertThat(plan("given:nickname", "bob", "family", "smith").indexes()).contains("patient_name_tokens_gin");
    }

    @Test
    void exactNameUsesAnIndex() throws Exception {
        // a rare exact name through the token index; a common one may walk the name-ordered index to its LIMIT
        assertThat(plan("family:exact", "Zelinski").indexes()).containsAnyOf("patient_name_tokens_gin", "patient_clinic_name_idx");
    }

    @Test
    void birthdateIdentifierPhoneEmailAndIds() throws Exception {
        assertThat(plan("birthdate", "1980-01-02").indexes()).contains("patient_dob_idx");
        assertThat(plan("identifier", "SYN-42").indexes()).contains("patient_mrn_idx");
        assertThat(plan("phone", "(201) 555-0201").indexes()).contains("contact_info_phone_suffix_idx");
        assertThat(plan("email", "p42@example.com").indexes()).contains("contact_info_email_idx");
        assertThat(plan("_id", "42,43").indexes()).contains("patient_pkey");
    }

    @Test
    void addressOnlyFiltersWhatTheNameFound() throws Exception {
        QueryPlan plan = plan("name", "smi", "address-city", "spring");
        assertThat(plan.indexes()).contains("patient_name_tokens_gin");
        assertThat(plan("name", "smi", "address", "1 main", "address-postalcode", "627").indexes()).contains("patient_name_tokens_gin");
    }
}
