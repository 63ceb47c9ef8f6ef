package com.patientsearch.persistence.cache;

import com.patientsearch.domain.patient.ContactInfo;
import com.patientsearch.domain.patient.ContactKind;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.testing.HibernateStatements;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.infinispan.hibernate.cache.commons.InfinispanBaseRegion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second-level cache on a real PostgreSQL: a cached patient record (with contacts and addresses) costs no SQL,
 * writes evict it, and every region has meters. Clinic lookups through the natural-id and query caches:
 * {@code ClinicDirectoryTest} (search).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondLevelCacheTest implements TestPropertyProvider {

    @Inject
    TransactionOperations<Session> transactions;
    @Inject
    SessionFactory sessionFactory;
    @Inject
    MeterRegistry meters;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautPropertiesSingleLogin("cache"));
        properties.put("cache.regions.provider.max-entries", "1234");
        return properties;
    }

    @BeforeEach
    void emptyCaches() {
        sessionFactory.getCache().evictAllRegions();
    }

    @Test
    void aSecondReadOfACachedPatientWithContactsAndAddressesRunsNoSql() {
        long patientId = CacheFixtures.patientWithChildren(transactions, "C1");
        sessionFactory.getCache().evictAllRegions();

        long firstReadStatements = statements(() -> CacheFixtures.record(transactions, patientId));
        assertThat(firstReadStatements).as("the first read loads patient, contacts, addresses").isGreaterThanOrEqualTo(3);

        String[] second = new String[1];
        long secondReadStatements = statements(() -> second[0] = CacheFixtures.record(transactions, patientId));
        assertThat(secondReadStatements).isZero();
        assertThat(second[0]).isEqualTo("Test Patient | mobile:+1 555 0100:null | home:null:test@example.invalid | Testville");
        assertThat(sessionFactory.getCache().containsEntity(Patient.class, patientId)).isTrue();
        assertThat(sessionFactory.getCache().containsCollection(Patient.class.getName() + ".contacts", patientId)).isTrue();
    }

    @Test
    void anUpdateEvictsTheCachedRecordSoTheNextReadSeesIt() {
        long patientId = CacheFixtures.patientWithChildren(transactions, "C2");
        CacheFixtures.record(transactions, patientId);
        assertThat(statements(() -> CacheFixtures.record(transactions, patientId))).isZero();

        transactions.executeWrite(status -> {
            Patient patient = status.getConnection().get(Patient.class, patientId);
            patient.rename("Renamed", null, "Patient");
            patient.addContact(new ContactInfo(ContactKind.WORK, "+1 555 0199", null, false));
            return null;
        });

        String after = CacheFixtures.record(transactions, patientId);
        assertThat(after).startsWith("Renamed Patient").contains("work:+1 555 0199:null");
        // ...and that fresh state is what the cache now serves.
        assertThat(statements(() -> CacheFixtures.record(transactions, patientId))).isZero();
    }

    @Test
    void hitAndMissRatiosPerRegionAreMeters() {
        long patientId = CacheFixtures.patientWithChildren(transactions, "C3");
        sessionFactory.getCache().evictAllRegions();
        CacheFixtures.record(transactions, patientId);
        CacheFixtures.record(transactions, patientId);

        assertThat(meters.get("hibernate.second.level.cache.requests").tags("region", "patient", "result", "hit")
                .functionCounter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("hibernate.second.level.cache.requests").tags("region", "patient", "result", "miss")
                .functionCounter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("hibernate.cache.region.hit.ratio").tag("region", "patient-contacts").gauge().value())
                .isGreaterThan(0.0).isLessThan(1.0);
        assertThat(meters.get("hibernate.cache.region.entries").tag("region", "patient").gauge().value())
                .isGreaterThanOrEqualTo(1.0);
        assertThat(meters.get("hibernate.second.level.cache.puts").tag("region", "clinic").functionCounter()).isNotNull();
    }

    @Test
    void regionSizesAndExpiryComeFromTheInfinispanFileAndConfiguration() {
        var patient = ((InfinispanBaseRegion) sessionFactory.getCache().unwrap(org.hibernate.cache.spi.CacheImplementor.class).getRegion("patient")).getCache().getCacheConfiguration();
        assertThat(patient.memory().maxCount()).isEqualTo(100_000);
        assertThat(patient.expiration().maxIdle()).isEqualTo(900_000);
        var provider = ((InfinispanBaseRegion) sessionFactory.getCache().unwrap(org.hibernate.cache.spi.CacheImplementor.class).getRegion("provider")).getCache().getCacheConfiguration();
        assertThat(provider.memory().maxCount()).as("cache.regions.provider.max-entries").isEqualTo(1234);
        assertThat(provider.clustering().cacheMode().isClustered()).isFalse();
    }

    private long statements(Runnable work) {
        return HibernateStatements.during(sessionFactory, work);
    }
}
