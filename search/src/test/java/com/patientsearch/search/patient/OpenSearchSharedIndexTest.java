package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app nodes (two application contexts on one database) and one OpenSearch index: what one node writes, the
 * other finds on its next search, with no coordination between the nodes (the index is the shared state). A write
 * found by the next search on the node that wrote: {@code aPatientCreatedOrRenamedIsFoundByTheNextRequest}, which
 * {@link OpenSearchPatientSearchTest} runs on OpenSearch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSearchSharedIndexTest {

    private static final CallerScope DESK = CallerScope.of("desk", "front_desk", Set.of("EAST"), null);

    private ApplicationContext nodeA;
    private ApplicationContext nodeB;

    @BeforeAll
    void twoNodes() throws Exception {
        Map<String, Object> properties = new HashMap<>(TestPostgres.get().micronautProperties("opensearch_shared"));
        properties.putAll(OpenSearchPatientSearchTest.openSearch("shared"));
        nodeA = ApplicationContext.run(properties, "test");
        new SearchFixtures(nodeA.getBean(OwnerDatabase.class)).clinic("EAST", "America/New_York");
        nodeB = ApplicationContext.run(properties, "test");
    }

    @AfterAll
    void stop() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aWriteOnOneNodeIsFoundOnTheOther() {
        PatientRecord created = nodeA.getBean(PatientWriteService.class)
                .create(DESK, patient("E-1", "Henrietta", "Vasquez", null));

        assertThat(ids(nodeB, "henrietta vasquez")).containsExactly(created.id());

        nodeB.getBean(PatientWriteService.class)
                .update(DESK, created.id(), patient("E-1", "Henrietta", "Okafor", created.version()));

        assertThat(ids(nodeA, "henrietta okafor")).containsExactly(created.id());
        assertThat(ids(nodeA, "henrietta vasquez")).isEmpty();
    }

    @Test
    void bothNodesSearchOneIndex() {
        assertThat(nodeA.getBean(PatientIndexer.class).documents())
                .isEqualTo(nodeB.getBean(PatientIndexer.class).documents())
                .isEqualTo(nodeA.getBean(PatientIndexer.class).patients());
    }

    private static PatientWrite patient(String mrn, String first, String last, Long version) {
        return new PatientWrite("EAST", mrn, first, null, last, "1990-05-17", "female", null, version, List.of(), List.of());
    }

    private static List<Long> ids(ApplicationContext node, String q) {
        return node.getBean(PatientSearchService.class)
                .search(DESK, new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null))
                .items().stream().map(PatientHit::id).toList();
    }
}
