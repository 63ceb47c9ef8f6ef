package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a shared OpenSearch index, a write through Hibernate is found by the very next search, with no wait and no
 * retry: the {@code sync} strategy makes the writing transaction wait for the index's refresh.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSearchWriteVisibilityTest implements TestPropertyProvider {

    private static final CallerScope DESK = CallerScope.of("desk", "front_desk", Set.of("EAST"), null);

    @Inject
    PatientWriteService writes;
    @Inject
    PatientSearchService search;
    @Inject
    OwnerDatabase owner;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("opensearch_writes"));
        properties.putAll(OpenSearchPatientSearchTest.openSearch("writes"));
        return properties;
    }

    @BeforeAll
    void clinic() throws Exception {
        new SearchFixtures(owner).clinic("EAST", "America/New_York");
    }

    @Test
    void aCreatedPatientIsFoundByTheNextSearch() {
        long id = writes.create(DESK, patient("E-1", "Zoë", "Lefèvre", null)).id();

        assertThat(ids("zoe lefevre")).containsExactly(id);
        assertThat(ids("lef")).as("type-ahead").containsExactly(id);
    }

    @Test
    void aRenamedPatientIsFoundUnderTheNewNameOnlyByTheNextSearch() {
        PatientRecord created = writes.create(DESK, patient("E-2", "Quentin", "Abernathy", null));
        assertThat(ids("quentin abernathy")).containsExactly(created.id());

        writes.update(DESK, created.id(), patient("E-2", "Quentin", "Blackwood", created.version()));

        assertThat(ids("quentin blackwood")).containsExactly(created.id());
        assertThat(ids("quentin abernathy")).isEmpty();
    }

    private List<Long> ids(String q) {
        return search.search(DESK, new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null))
                .items().stream().map(PatientHit::id).toList();
    }

    static PatientWrite patient(String mrn, String first, String last, Long version) {
        return new PatientWrite("EAST", mrn, first, null, last, "1990-05-17", "female", null, version,
                List.of(), List.of());
    }
}
