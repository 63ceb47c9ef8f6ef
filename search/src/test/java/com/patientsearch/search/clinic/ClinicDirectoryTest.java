package com.patientsearch.search.clinic;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.HibernateStatements;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clinics by code and the clinic list come from the natural-id and query caches until a clinic changes; a code the
 * caller may not see is refused like an unknown one, by natural id and on a statement's connection alike.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClinicDirectoryTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "clinician", Set.of("REF2", "GONE"), null);

    @Inject
    TransactionOperations<Session> transactions;
    @Inject
    SessionFactory sessionFactory;
    @Inject
    ClinicDirectory clinics;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautPropertiesSingleLogin("clinic_directory");
    }

    @BeforeEach
    void emptyCaches() {
        sessionFactory.getCache().evictAllRegions();
    }

    @Test
    void clinicsByCodeAndTheClinicListComeFromTheCacheUntilAClinicChanges() {
        transactions.executeWrite(status -> {
            status.getConnection().persist(new Clinic("REF1", "Reference One", ZoneId.of("UTC")));
            return null;
        });
        sessionFactory.getCache().evictAllRegions();
        assertThat(clinics.byCode("REF1")).isPresent();
        long id = clinics.byCode("REF1").orElseThrow().getId();
        assertThat(clinics.all()).contains(new ClinicDirectory.ClinicRef(id, "REF1"));

        assertThat(statements(() -> clinics.byCode("REF1").orElseThrow())).isZero();
        assertThat(statements(clinics::all)).isZero();

        transactions.executeWrite(status -> {
            status.getConnection().bySimpleNaturalId(Clinic.class).load("REF1").setName("Reference Renamed");
            status.getConnection().persist(new Clinic("REF4", "Reference Four", ZoneId.of("UTC")));
            return null;
        });
        // The change made the cached list stale: the query cache must go back to the database, and find the new clinic.
        assertThat(clinics.all()).extracting(ClinicDirectory.ClinicRef::code).contains("REF1", "REF4");
        assertThat(clinics.byCode("REF1").orElseThrow().getName()).isEqualTo("Reference Renamed");
    }

    @Test
    void anotherClinicsCodeIsRefusedLikeAnUnknownOne() {
        long id = transactions.executeWrite(status -> {
            Clinic clinic = new Clinic("REF2", "Reference Two", ZoneId.of("America/Chicago"));
            status.getConnection().persist(clinic);
            status.getConnection().persist(new Clinic("REF3", "Reference Three", ZoneId.of("UTC")));
            return clinic.getId();
        });
        transactions.executeRead(status -> {
            assertThat(clinics.visible(CALLER, "REF2").getId()).isEqualTo(id);
            assertThat(clinics.ids(CALLER)).containsExactly(id); // GONE does not exist
            for (String code : new String[] {"REF3", "GONE", "NOPE"}) {
                assertThatThrownBy(() -> clinics.visible(CALLER, code)).isInstanceOf(InvalidParameterException.class)
                        .hasMessage("clinic: is not a known clinic");
            }
            status.getConnection().doWork(connection -> {
                assertThat(ClinicDirectory.visible(connection, CALLER, "REF2"))
                        .isEqualTo(new ClinicDirectory.ClinicKey(id, ZoneId.of("America/Chicago")));
                for (String code : new String[] {"REF3", "GONE", "NOPE"}) {
                    assertThatThrownBy(() -> ClinicDirectory.visible(connection, CALLER, code))
                            .isInstanceOf(InvalidParameterException.class).hasMessage("clinic: is not a known clinic");
                }
            });
            return null;
        });
    }

    private long statements(Runnable work) {
        return HibernateStatements.during(sessionFactory, work);
    }
}
