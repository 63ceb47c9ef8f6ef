package com.patientsearch.search.patient;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PatientIndexerTest} on a shared OpenSearch index (the engine whose bulk requests returned before the last
 * documents were visible), and the guard of a shared index: a starting node never empties it.
 */
@MicronautTest(transactional = false)
class OpenSearchPatientIndexerTest extends PatientIndexerTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.remove("search.lucene.directory");
        properties.putAll(OpenSearchPatientSearchTest.openSearch("indexer"));
        return properties;
    }

    /** Other nodes serve from a shared index: a starting node rebuilds it only when it holds no document at all. */
    @Override
    @Test
    @Order(2)
    void aStaleNodeLocalIndexIsRebuiltAtStart() {
        assertThat(indexer.atStart(PATIENTS, PATIENTS)).isEqualTo(PatientIndexer.AtStart.COMPLETE);
        assertThat(indexer.atStart(PATIENTS, 0)).isEqualTo(PatientIndexer.AtStart.REBUILD);
        assertThat(indexer.atStart(PATIENTS + 1, PATIENTS)).isEqualTo(PatientIndexer.AtStart.LEAVE_SHARED);
    }

    /**
     * A patient loaded around the index makes it stale; a node starting now leaves it alone, and the deliberate
     * rebuild ({@code reindex}) writes every document over itself without ever emptying the index.
     */
    @Test
    @Order(3)
    void aStaleSharedIndexIsLeftAtStartAndARebuildNeverEmptiesIt() throws Exception {
        insert(PATIENTS + 1, PATIENTS + 1);
        long patients = indexer.patients();
        long documents = indexer.documents();
        assertThat(documents).isEqualTo(PATIENTS);
        assertThat(indexer.atStart(patients, documents)).isEqualTo(PatientIndexer.AtStart.LEAVE_SHARED);

        AtomicBoolean rebuilding = new AtomicBoolean(true);
        AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
        Thread sampler = new Thread(() -> {
            while (rebuilding.get()) {
                fewest.accumulateAndGet(indexer.documents(), Math::min);
            }
        });
        sampler.start();
        try {
            assertThat(indexer.reindexAll(done -> { })).isEqualTo(PATIENTS + 1);
        } finally {
            rebuilding.set(false);
            sampler.join();
        }
        assertThat(fewest.get()).as("documents seen while rebuilding").isGreaterThanOrEqualTo(PATIENTS);
        assertThat(indexer.documents()).isEqualTo(PATIENTS + 1);
    }
}
