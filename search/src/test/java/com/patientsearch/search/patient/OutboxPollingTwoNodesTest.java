package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app contexts on one database, each with its own Lucene index, coordinated by outbox polling: a patient written
 * on node A (through Hibernate: the event goes to hsearch_outbox_event in A's transaction) is found on node B once
 * B's event processor has indexed it, under row-level security: the processor's sessions read with every clinic
 * ({@link IndexingConnections}), request sessions only with their caller's. Node A runs no processor here: Hibernate
 * Search hands each event to one processor, so with per-node Lucene indexes only nodes that process every event hold
 * a complete index (docs/search-engines.md, "Several nodes").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxPollingTwoNodesTest {

    private static final CallerScope CALLER = CallerScope.of("test", "front_desk", Set.of("EAST"), null);

    private ApplicationContext nodeA;
    private ApplicationContext nodeB;

    @BeforeAll
    void start() throws Exception {
        Map<String, Object> shared = new HashMap<>(TestPostgres.get().micronautProperties("outbox_two_nodes"));
        shared.put("search.engine", "lucene");
        shared.put("search.lucene.directory", "memory");
        shared.put("search.lucene.coordination", "outbox-polling");
        shared.put("jpa.default.properties.hibernate.search.coordination.event_processor.polling_interval", "50");
        Map<String, Object> a = new HashMap<>(shared);
        a.put("jpa.default.properties.hibernate.search.coordination.event_processor.enabled", "false");
        nodeA = ApplicationContext.run(a, "test");
        nodeB = ApplicationContext.run(shared, "test");
        new SearchFixtures(nodeA.getBean(OwnerDatabase.class)).clinic("EAST", "America/New_York");
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
    void aPatientWrittenOnNodeAIsFoundOnNodeB() {
        PatientRecord created = nodeA.getBean(PatientWriteService.class).create(CALLER, new PatientWrite("EAST", "E-1",
                "Ottoline", null, "Quarrington", "1988-08-08", "female", null, null, List.of(), null));
        PatientSearchService searchOnB = nodeB.getBean(PatientSearchService.class);
        Supplier<List<Long>> found = () -> searchOnB.search(CALLER, PatientSearchTest.q("ottoline quarrington"))
                .items().stream().map(PatientHit::id).toList();
        List<Long> onB = Awaitility.await("the write on node A in node B's index").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(found::get, ids -> !ids.isEmpty());
        assertThat(onB).containsExactly(created.id());
    }

    /**
     * Only Hibernate Search's threads get every clinic: the same unscoped transaction sees no patient on any other
     * thread (fail closed, as a request that bound no caller) and every patient on one of those threads.
     */
    @Test
    void onlyIndexingThreadsReadEveryClinicWithoutACaller() throws Exception {
        nodeA.getBean(PatientWriteService.class).create(CALLER, new PatientWrite("EAST", "E-2", "Perpetua", null,
                "Lindqvist", "1977-07-07", "female", null, null, List.of(), null));
        // the pool as Hibernate's sessions take it (without Micronaut's transaction-bound wrapper)
        DataSource pool = nodeB.getBean(DataSource.class).unwrap(IndexingConnections.ScopedDataSource.class);
        assertThat(patientsSeenUnscoped(pool)).isZero();

        AtomicLong seen = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread indexing = new IndexingThreads().createThreadFactory("test").newThread(() -> {
            try {
                seen.set(patientsSeenUnscoped(pool));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        indexing.start();
        indexing.join();
        assertThat(failure.get()).isNull();
        assertThat(seen.get()).isPositive();
    }

    /** Patients a transaction sees that binds no caller scope. */
    private static long patientsSeenUnscoped(DataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM patient")) {
                rs.next();
                return rs.getLong(1);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

}
