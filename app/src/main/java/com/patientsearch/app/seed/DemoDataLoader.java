package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.search.patient.PatientIndexer;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives someone who just ran the jar data to search: when the server starts on the embedded database and no patient
 * exists yet, seeds the demo data set. StartupEvent comes before Netty binds, so the banner follows the seeding.
 */
@Singleton
@Requires(notEnv = {Environment.TEST, Environment.CLI})
class DemoDataLoader implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);

    private final BeanContext beans;
    private final Seeder seeder;
    private final PgCopy db;
    private final PatientIndexer indexer;
    private final long patients;
    private final long seed;

    DemoDataLoader(BeanContext beans, Seeder seeder, PgCopy db, PatientIndexer indexer, @Value("${demo-data.patients:100000}") long patients,
                   @Value("${demo-data.seed:42}") long seed) {
        this.beans = beans;
        this.seeder = seeder;
        this.db = db;
        this.indexer = indexer;
        this.patients = patients;
        this.seed = seed;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        // Only an embedded PostgreSQL that this process started; an external database is never seeded.
        if (beans.getActiveBeanRegistrations(EmbeddedPostgresServer.class).isEmpty()) {
            return;
        }
        try {
            seedIfEmpty(true);
        } catch (Exception e) {
            throw new IllegalStateException("Seeding the demo data failed", e);
        }
    }

    /** Seeds unless a patient exists; returns whether it seeded. */
    boolean seedIfEmpty(boolean showProgress) throws Exception {
        if (patients <= 0) {
            return false;
        }
        if (anyPatient()) {
            LOG.info("Demo data: the database already holds patients, not seeding");
            return false;
        }
        LOG.info("Demo data: empty embedded database, seeding {} patients (seed {})", patients, seed);
        SeedReport report = seeder.seed(SeedOptions.of(patients, seed, SeedOptions.defaultClinics(patients)), showProgress);
        addShowcasePatients();
        System.out.print(report.summary());
        return true;
    }

    /**
     * A few known patients in the first clinic, so the README's examples ("jon smth 1980", accents, a phone) answer
     * on any seed; random data need not hold a John Smith born in 1980.
     */
    private void addShowcasePatients() throws SQLException {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    WITH first_clinic AS (SELECT min(id) AS id FROM clinic),
                    showcase AS (
                        INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender)
                        SELECT first_clinic.id, v.mrn, v.first, v.middle, v.last, v.dob::date, v.gender
                        FROM first_clinic, (VALUES
                            ('DEMO-1', 'John', NULL, 'Smith', '1980-01-02', 'male'),
                            ('DEMO-2', 'José', NULL, 'García', '1990-07-07', 'male'),
                            ('DEMO-3', 'María', 'José', 'Fernández', '1970-06-06', 'female'),
                            ('DEMO-4', 'Zoë', NULL, 'Lefèvre', '1992-03-14', 'female')) AS v(mrn, first, middle, last, dob, gender)
                        RETURNING id, mrn)
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT id, 'mobile', '(555) 555-01' || right(mrn, 1) || '0', lower(mrn) || '@example.com', true FROM showcase""");
            // written around Hibernate, like the seed: the index learns them here
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT id FROM patient WHERE mrn LIKE 'DEMO-%'")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            indexer.reindex(ids);
        }
    }

    private boolean anyPatient() throws SQLException {
        try (Connection connection = db.connection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM patient)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
