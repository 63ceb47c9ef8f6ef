package com.patientsearch.search.patient;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every patient search path, on 100,000 patients, uses its index and never scans patient or contact_info
 * sequentially. The statements explained are the ones the service runs, with real bind values, and name searches
 * with the generic plan the service runs them with.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientSearchPlanTest implements TestPropertyProvider {

    private static final int PATIENTS = SyntheticPatients.PLAN_PATIENTS;

    @Inject
    DataSource dataSource;
    /** A front-desk caller of the 20 synthetic clinics: EXPLAIN runs as the app role, under row-level security. */
    private static final CallerScope CALLER = SyntheticPatients.frontDesk(SyntheticPatients.PLAN_CLINICS);

    @Inject
    OwnerDatabase owner;

    private AgroalDataSource pool;
    private long clinicId;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("patient_plans", SyntheticPatients.PLAN_FIXTURE,
                SyntheticPatients::loadPlanFixture);
    }

    @BeforeAll
    void seed() throws Exception {
        pool = dataSource.unwrap(AgroalDataSource.class);
        try (Connection connection = owner.connection()) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM patient), (SELECT id FROM clinic WHERE code = 'SYN1')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(PATIENTS);
                clinicId = rs.getLong(2);
            }
        }
    }

    private QueryPlan plan(PatientSearchParams params, Long clinic) throws Exception {
        PatientSearchQuery query = PatientSearchQuery.parse(params);
        PatientSearchSql sql = PatientSearchSql.build(query, clinic, List.copyOf(CALLER.clinics()), null, query.limit() + 1);
        try (Connection connection = ScopedConnections.open(pool, CALLER)) {
            // name searches run one generic plan for every input (PatientSearchService); the others are planned per value
            QueryPlan plan = query.nameTokens().isEmpty()
                    ? QueryPlan.explain(connection, sql.sql(), sql.binds(), PatientSearchPlanTest::arrays)
                    : QueryPlan.explainGeneric(connection, sql.sql(), sql.binds(), PatientSearchPlanTest::arrays);
            assertThat(plan.sequentialScans()).as(plan.json()).doesNotContain("patient", "contact_info", "appointment");
            return plan;
        }
    }

    static boolean arrays(java.sql.PreparedStatement statement, int index, Object bind) throws java.sql.SQLException {
        if (bind instanceof PatientSearchSql.TextArray a) {
            statement.setArray(index, statement.getConnection().createArrayOf("text", a.values().toArray()));
            return true;
        }
        if (bind instanceof PatientSearchSql.IntArray a) {
            statement.setArray(index, statement.getConnection().createArrayOf("integer", a.values().toArray()));
            return true;
        }
        return false;
    }

    private static PatientSearchParams params(String q, String dob, String phone, String email, String mrn) {
        return new PatientSearchParams(null, q, dob, phone, email, mrn, null, null, null, null, null);
    }

    @Test
    void fuzzyNameUsesTheDictionariesAndThePairIndex() throws Exception {
        QueryPlan plan = plan(params("jhon smiht", null, null, null, null), null);
        assertThat(plan.indexes()).contains("patient_name_pairs_gin", "name_token_pair_pk", "name_token_variant_pk",
                "name_token_prefix_idx");
        // the pairs alone find the patients: no per-word posting lists, no clinic index AND-ed in (it reads every entry)
        assertThat(plan.indexes()).doesNotContain("patient_name_tokens_gin", "patient_clinic_mrn_uk", "patient_clinic_name_idx");
    }

    @Test
    void oneNameWordUsesTheTokenIndex() throws Exception {
        assertThat(plan(params("smiht", null, null, null, null), null).indexes())
                .contains("patient_name_tokens_gin", "name_token_variant_pk")
                .doesNotContain("patient_clinic_mrn_uk", "patient_clinic_name_idx");
    }

    @Test
    void threeNameWordsChainTheirPairs() throws Exception {
        QueryPlan plan = plan(params("jhon q smiht", null, null, null, null), null);
        assertThat(plan.indexes()).contains("patient_name_pairs_gin").doesNotContain("patient_name_tokens_gin");
    }

    @Test
    void nameInOneClinic() throws Exception {
        assertThat(plan(params("mary garcia", null, null, null, null), clinicId).indexes())
                .contains("patient_name_pairs_gin").doesNotContain("patient_clinic_mrn_uk", "patient_clinic_name_idx");
    }

    @Test
    void nameAndDateOfBirth() throws Exception {
        assertThat(plan(params("john 1980-01-02", null, null, null, null), null).indexes())
                .containsAnyOf("patient_name_tokens_gin", "patient_dob_idx");
    }

    @Test
    void dateOfBirthAlone() throws Exception {
        assertThat(plan(params(null, "1980-01-02", null, null, null), clinicId).indexes()).contains("patient_dob_idx");
    }

    @Test
    void fullPhoneAndLastDigits() throws Exception {
        assertThat(plan(params(null, null, "(201) 555-0201", null, null), null).indexes()).contains("contact_info_phone_suffix_idx");
        assertThat(plan(params(null, null, "0201", null, null), null).indexes()).contains("contact_info_phone_suffix_idx");
    }

    @Test
    void email() throws Exception {
        assertThat(plan(params(null, null, null, "P42@Example.com", null), null).indexes()).contains("contact_info_email_idx");
    }

    @Test
    void mrnWithAndWithoutClinic() throws Exception {
        assertThat(plan(params(null, null, null, null, "SYN-42"), clinicId).indexes())
                .containsAnyOf("patient_clinic_mrn_uk", "patient_mrn_idx");
        assertThat(plan(params(null, null, null, null, "SYN-42"), null).indexes()).contains("patient_mrn_idx");
    }

    @Test
    void typeAheadPrefixes() throws Exception {
        assertThat(plan(params("mar gar", null, null, null, null), null).indexes())
                .contains("patient_name_pairs_gin", "name_token_prefix_idx");
    }

    @Test
    void pagesAfterTheFirstStillSeek() throws Exception {
        PatientSearchQuery query = PatientSearchQuery.parse(params("smith", null, null, null, null));
        PatientSearchSql sql = PatientSearchSql.build(query, null, List.copyOf(CALLER.clinics()), List.of("1.000", "smith", "john", "42"), 21);
        try (Connection connection = ScopedConnections.open(pool, CALLER)) {
            QueryPlan plan = QueryPlan.explainGeneric(connection, sql.sql(), sql.binds(), PatientSearchPlanTest::arrays);
            assertThat(plan.sequentialScans()).doesNotContain("patient", "contact_info");
            assertThat(plan.indexes()).contains("patient_name_tokens_gin");
        }
    }

    private static PatientSearchParams address(String q, String address) {
        return new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null, address);
    }

    @Test
    void addressWordsUseTheTrigramIndex() throws Exception {
        for (String typed : List.of("chestnutwood", "chesnutwood avenue", "springfeld", "sao joao", "12 mapleview")) {
            QueryPlan plan = plan(address(null, typed), null);
            assertThat(plan.sequentialScans()).as(typed + ": " + plan.json()).doesNotContain("address");
            assertThat(plan.indexes()).as(typed).contains("address_search_key_trgm_gin");
        }
    }

    @Test
    void aPostalCodeAndAnAddressWithANameOrAClinic() throws Exception {
        assertThat(plan(address(null, "07919"), null).indexes()).contains("address_search_key_trgm_gin");
        QueryPlan withName = plan(address("mary", "maple"), null);
        assertThat(withName.sequentialScans()).doesNotContain("address");
        assertThat(plan(address(null, "riverside"), clinicId).sequentialScans()).doesNotContain("address");
    }
}
