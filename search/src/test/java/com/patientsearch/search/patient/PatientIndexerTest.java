package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full load is written and visible when {@code reindexAll} returns: exactly one document per patient, counted right
 * away (no waiting), with batches of {@link PatientIndexer#BATCH} on several threads and a last partial batch.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientIndexerTest implements TestPropertyProvider {

    /** Two full batches and a partial one. */
    static final int PATIENTS = 2 * PatientIndexer.BATCH + 123;
    static final CallerScope DESK = CallerScope.of("desk", "front_desk", Set.of("BULK"), null);

    @Inject
    PatientIndexer indexer;
    @Inject
    OwnerDatabase owner;
    @Inject
    PatientSearchService search;

    long clinic;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("patient_indexer"));
        properties.put("search.engine", "lucene");
        properties.put("search.lucene.directory", "memory");
        properties.put("search.indexing.threads", "2");
        return properties;
    }

    @BeforeAll
    void patients() throws Exception {
        clinic = new SearchFixtures(owner).clinic("BULK", "UTC");
        insert(1, PATIENTS);
    }

    /** Patients {@code from..to} written around Hibernate, as a bulk load does: first name "Bulkn", last "Loaded". */
    void insert(int from, int to) throws Exception {
        try (Connection connection = owner.connection(); PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                SELECT ?, 'B-' || g, 'Bulk' || chr(97 + g % 26) || chr(97 + g / 26 % 26) || chr(97 + g / 676 % 26),
                       'Loaded', date '1980-01-01' + g, 'female'
                FROM generate_series(?, ?) g""")) {
            statement.setLong(1, clinic);
            statement.setInt(2, from);
            statement.setInt(3, to);
            statement.executeUpdate();
        }
    }

    @Test
    @Order(1)
    void reindexAllReturnsWithOneVisibleDocumentPerPatient() {
        long indexed = indexer.reindexAll(done -> { });

        assertThat(indexed).isEqualTo(PATIENTS);
        assertThat(indexer.documents()).isEqualTo(PATIENTS).isEqualTo(indexer.patients());
        // the last patient of the last, partial batch is searchable at once
        String last = "bulk" + (char) (97 + PATIENTS % 26) + (char) (97 + PATIENTS / 26 % 26) + (char) (97 + PATIENTS / 676 % 26);
        assertThat(search.search(DESK, PatientSearchTest.q(last + " loaded")).items())
                .extracting(PatientHit::mrn).first().isEqualTo("B-" + PATIENTS);
    }

    @Test
    @Order(2)
    void aStaleNodeLocalIndexIsRebuiltAtStart() {
        assertThat(indexer.atStart(PATIENTS, PATIENTS)).isEqualTo(PatientIndexer.AtStart.COMPLETE);
        assertThat(indexer.atStart(PATIENTS, 0)).isEqualTo(PatientIndexer.AtStart.REBUILD);
        assertThat(indexer.atStart(PATIENTS + 1, PATIENTS)).isEqualTo(PatientIndexer.AtStart.REBUILD);
    }
}
