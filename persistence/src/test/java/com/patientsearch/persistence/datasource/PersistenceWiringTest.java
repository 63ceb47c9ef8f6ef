package com.patientsearch.persistence.datasource;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.domain.patient.ContactInfo;
import com.patientsearch.domain.patient.ContactKind;
import com.patientsearch.domain.patient.Gender;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.backup.BackupProperties;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.persistence.testing.TestPostgres;
import io.agroal.api.AgroalDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole persistence stack on a real database: Agroal pool, Liquibase migration, Hibernate validating the schema,
 * generated columns, optimistic locking; and an external URL never starts the embedded server.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersistenceWiringTest implements TestPropertyProvider {

    @Inject
    ApplicationContext context;
    @Inject
    DataSource dataSource;
    @Inject
    EntityManager entityManager;
    @Inject
    TransactionOperations<Session> transactions;

    @Override
    public Map<String, String> getProperties() {
        // one login: these tests write entities of any clinic through Hibernate (RowLevelSecurityTest covers the split)
        Map<String, String> properties = new java.util.HashMap<>(TestPostgres.get().micronautPropertiesSingleLogin("wiring"));
        // a job's schedule (ScheduleProperties, inherited) binds under the job's prefix; no backup runs here
        properties.put("backup.interval", "2h");
        properties.put("backup.initial-delay", "3m");
        return properties;
    }

    @Test
    void aJobsScheduleBindsUnderItsOwnPrefix() {
        BackupProperties backup = context.getBean(BackupProperties.class);
        assertThat(backup.getInterval()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(backup.getInitialDelay()).isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(backup.isEnabled()).as("the default").isTrue();
        assertThat(backup.getRetention()).as("its own field's default").isEqualTo(3);
    }

    @Test
    void theDataSourceIsAnAgroalPoolOnTheConfiguredDatabase() throws Exception {
        // The injected DataSource is Micronaut's transaction-aware wrapper; the pool is behind it.
        AgroalDataSource pool = dataSource.unwrap(AgroalDataSource.class);
        assertThat(pool.getConfiguration().connectionPoolConfiguration().maxSize()).isEqualTo(10);
        try (Connection connection = pool.getConnection()) {
            assertThat(connection.getMetaData().getURL()).contains("/wiring_");
        }
        assertThat(context.getActiveBeanRegistrations(EmbeddedPostgresServer.class)).isEmpty();
    }

    @Test
    void closingTheContextClosesThePool() throws Exception {
        AgroalDataSource pool;
        try (ApplicationContext other = ApplicationContext.run(new java.util.HashMap<String, Object>(TestPostgres.get().micronautProperties("wiring_close")), "test")) {
            pool = other.getBean(DataSource.class).unwrap(AgroalDataSource.class);
            try (Connection connection = pool.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
        }
        assertThatThrownBy(pool::getConnection).isInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void persistsAPatientWithGeneratedPhoneDigitsAndVersioning() {
        Long patientId = transactions.executeWrite(status -> {
            Session session = status.getConnection();
            Clinic clinic = new Clinic("WIRE", "Wiring Clinic", ZoneId.of("America/Chicago"));
            session.persist(clinic);
            Patient patient = new Patient(clinic, "MRN-1", "José", null, "García", LocalDate.of(1980, 1, 2), Gender.MALE);
            patient.addContact(new ContactInfo(ContactKind.MOBILE, "+1 (555) 123-4567", null, true));
            session.persist(patient);
            return patient.getId();
        });

        Patient loaded = transactions.executeRead(status -> {
            Patient patient = status.getConnection().get(Patient.class, patientId);
            patient.getContacts().size();
            return patient;
        });
        assertThat(loaded.getContacts()).singleElement()
                .satisfies(contact -> assertThat(contact.getPhoneDigits()).isEqualTo("15551234567"));
        assertThat(loaded.getVersion()).isZero();

        transactions.executeWrite(status -> {
            status.getConnection().get(Patient.class, patientId).rename("Jose", null, "Garcia");
            return null;
        });
        assertThatThrownBy(() -> transactions.executeWrite(status -> {
            // A stale copy (version 0) merged after the rename (version 1) must be refused.
            status.getConnection().merge(loaded);
            status.getConnection().flush();
            return null;
        })).hasRootCauseInstanceOf(org.hibernate.StaleObjectStateException.class)
                .isInstanceOfAny(OptimisticLockException.class, RuntimeException.class);
    }
}
