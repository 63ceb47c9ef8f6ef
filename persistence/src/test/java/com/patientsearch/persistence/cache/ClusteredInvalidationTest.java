package com.patientsearch.persistence.cache;

import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.CacheImplementor;
import org.infinispan.hibernate.cache.commons.InfinispanBaseRegion;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two app nodes (two Micronaut contexts) on one database with {@code cache.mode: clustered}: both cache a patient,
 * one updates it, and the other reads the new value, because the write invalidated its copy over JGroups TCP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusteredInvalidationTest {

    private ApplicationContext nodeA;
    private ApplicationContext nodeB;

    @BeforeAll
    void startTwoNodes() throws IOException {
        Map<String, String> database = TestPostgres.get().micronautPropertiesSingleLogin("cluster");
        int port = twoFreePorts();
        String cluster = "patient-search-test-" + ProcessHandle.current().pid() + "-" + port;
        nodeA = ApplicationContext.run(node(database, cluster, port, port));
        nodeB = ApplicationContext.run(node(database, cluster, port + 1, port));
    }

    @AfterAll
    void stopNodes() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void anUpdateThroughOneNodeIsSeenThroughTheOther() {
        TransactionOperations<Session> a = transactions(nodeA);
        TransactionOperations<Session> b = transactions(nodeB);
        long patientId = CacheFixtures.patientWithChildren(a, "CL1");

        // Both nodes come to hold the record: a read then costs no SQL on either.
        assertThat(readsUntilCached(nodeA, a, patientId)).isLessThanOrEqualTo(20);
        assertThat(readsUntilCached(nodeB, b, patientId)).isLessThanOrEqualTo(20);
        assertThat(statements(nodeA, () -> CacheFixtures.record(a, patientId))).isZero();
        assertThat(sessionFactory(nodeB).getCache().containsEntity(Patient.class, patientId)).isTrue();

        a.executeWrite(status -> {
            status.getConnection().get(Patient.class, patientId).rename("Updated", null, "OnNodeA");
            return null;
        });

        assertThat(sessionFactory(nodeB).getCache().containsEntity(Patient.class, patientId))
                .as("node A's write invalidated node B's copy").isFalse();
        assertThat(CacheFixtures.record(b, patientId)).startsWith("Updated OnNodeA");
        assertThat(CacheFixtures.record(a, patientId)).startsWith("Updated OnNodeA");
    }

    @Test
    void theNodesFormOneClusterWithInvalidationRegions() {
        var region = (InfinispanBaseRegion) sessionFactory(nodeA).getCache().unwrap(CacheImplementor.class).getRegion("patient");
        assertThat(region.getCache().getCacheConfiguration().clustering().cacheMode().isInvalidation()).isTrue();
        assertThat(region.getCache().getCacheManager().getMembers()).hasSize(2);
    }

    private static Map<String, Object> node(Map<String, String> database, String cluster, int bindPort, int firstPort) {
        Map<String, Object> properties = new HashMap<>(database);
        properties.put("cache.mode", "clustered");
        properties.put("cache.cluster-name", cluster);
        properties.put("cache.bind-address", "127.0.0.1");
        properties.put("cache.bind-port", bindPort);
        properties.put("cache.port-range", 0);
        properties.put("cache.initial-hosts", "127.0.0.1[" + firstPort + "],127.0.0.1[" + (firstPort + 1) + "]");
        return properties;
    }

    /** Two adjacent free ports low enough that JGroups' failure-detection offset (+50000) stays valid. */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(8000, 15000);
            try (ServerSocket first = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another pair
            }
        }
        throw new IOException("no two free adjacent ports");
    }

    @SuppressWarnings("unchecked")
    private static TransactionOperations<Session> transactions(ApplicationContext context) {
        return context.getBean(TransactionOperations.class);
    }

    private static SessionFactory sessionFactory(ApplicationContext context) {
        return context.getBean(SessionFactory.class);
    }

    /**
     * Reads (100 ms apart) until a read runs no SQL; returns how many reads that took. Infinispan's invalidation mode
     * refuses to cache what a read loaded while an invalidation of that key was still settling on the cluster (its
     * put-from-load guard), so the first read after a write does not always fill the cache.
     */
    private static int readsUntilCached(ApplicationContext context, TransactionOperations<Session> tx, long patientId) {
        AtomicInteger reads = new AtomicInteger();
        Awaitility.await("a read without SQL").atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    reads.incrementAndGet();
                    return statements(context, () -> CacheFixtures.record(tx, patientId)) == 0;
                });
        return reads.get();
    }

    private static long statements(ApplicationContext context, Runnable work) {
        var statistics = sessionFactory(context).getStatistics();
        long before = statistics.getPrepareStatementCount();
        work.run();
        return statistics.getPrepareStatementCount() - before;
    }
}
