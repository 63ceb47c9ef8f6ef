package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each test starts its own contexts on databases of their own. */
class SeedDeterminismAndAppendTest {

    static final String PATIENTS = "SELECT first_name || '|' || coalesce(middle_name, '') || '|' || last_name || '|' "
            + "|| date_of_birth || '|' || gender || '|' || status FROM patient ORDER BY id";
    static final String PHONES = "SELECT coalesce(phone, '') || '|' || coalesce(email, '') FROM contact_info ORDER BY id";
    static final String APPOINTMENTS = "SELECT starts_at || '|' || status FROM appointment ORDER BY id";

    static ApplicationContext start(String database) {
        Map<String, Object> properties = new HashMap<>(TestPostgres.get().micronautProperties(database));
        return ApplicationContext.builder(Environment.TEST).properties(properties).start();
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() throws Exception {
        SeedOptions options = new SeedOptions(1_000, 42, 3, SeederTest.AS_OF, SeederTest.NOW);
        List<List<String>> first;
        List<List<String>> second;
        try (ApplicationContext a = start("determinism_a")) {
            a.getBean(Seeder.class).seed(options, false);
            first = dump(a.getBean(PgCopy.class));
        }
        try (ApplicationContext b = start("determinism_b")) {
            // something there already: ids differ, the data must not
            Seeder seeder = b.getBean(Seeder.class);
            seeder.seed(new SeedOptions(10, 1, 1, SeederTest.AS_OF, SeederTest.NOW), false);
            try (Connection c = b.getBean(PgCopy.class).connection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM appointment; DELETE FROM contact_info; DELETE FROM address; DELETE FROM patient");
            }
            seeder.seed(options, false);
            second = dump(b.getBean(PgCopy.class));
            seeder.seed(new SeedOptions(1_000, 43, 3, SeederTest.AS_OF, SeederTest.NOW), false);
            List<List<String>> both = dump(b.getBean(PgCopy.class));
            List<String> other = both.get(0).subList(1_000, 2_000);
            assertThat(other).isNotEqualTo(first.get(0));
        }
        assertThat(first.get(0)).hasSize(1_000);
        assertThat(second.get(0)).isEqualTo(first.get(0));
        assertThat(second.get(1)).isEqualTo(first.get(1));
        assertThat(second.get(2)).isEqualTo(first.get(2));
    }

    @Test
    void seedingAppendsWithoutCollisionsAndTheOrmSequenceStaysAhead() throws Exception {
        try (ApplicationContext context = start("seed_append")) {
            Seeder seeder = context.getBean(Seeder.class);
            PgCopy db = context.getBean(PgCopy.class);
            seeder.seed(new SeedOptions(300, 1, 2, SeederTest.AS_OF, SeederTest.NOW), false);
            seeder.seed(new SeedOptions(300, 2, 2, SeederTest.AS_OF, SeederTest.NOW), false);
            // even the same seed again appends new clinics and patients
            seeder.seed(new SeedOptions(300, 1, 2, SeederTest.AS_OF, SeederTest.NOW), false);

            assertThat(longs(db, "SELECT count(*) FROM patient")).containsExactly(900L);
            assertThat(longs(db, "SELECT count(DISTINCT code) FROM clinic")).containsExactly(6L);
            long maxId = longs(db, "SELECT max(id) FROM patient").get(0);
            // a row inserted the way the ORM does it (identity default) gets an id past every seeded one
            long newId = longs(db, "INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender) "
                    + "SELECT min(id), 'ORM-1', 'Orm', 'Row', DATE '2000-01-01', 'female' FROM clinic RETURNING id").get(0);
            assertThat(newId).isGreaterThan(maxId);
            long newClinic = longs(db, "INSERT INTO clinic (code, name, time_zone) VALUES ('NEW', 'New', 'UTC') RETURNING id").get(0);
            assertThat(newClinic).isGreaterThan(longs(db, "SELECT max(id) FROM clinic WHERE code <> 'NEW'").get(0));
        }
    }

    @Test
    void idBlocksDoNotOverlapWhenReservedConcurrently() throws Exception {
        try (ApplicationContext context = start("id_blocks")) {
            PgCopy db = context.getBean(PgCopy.class);
            List<long[]> blocks = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try (Connection c = db.connection()) {
                        for (int i = 0; i < 25; i++) {
                            long first = IdBlock.reserve(c, "patient", 100);
                            blocks.add(new long[]{first, first + 99});
                            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                                    "SELECT nextval(pg_get_serial_sequence('patient', 'id'))")) {
                                rs.next();
                                blocks.add(new long[]{rs.getLong(1), rs.getLong(1)});
                            }
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            blocks.sort(java.util.Comparator.comparingLong(b -> b[0]));
            assertThat(blocks).hasSize(200);
            for (int i = 1; i < blocks.size(); i++) {
                assertThat(blocks.get(i)[0]).isGreaterThan(blocks.get(i - 1)[1]);
            }
        }
    }

    static List<List<String>> dump(PgCopy db) throws SQLException {
        return List.of(strings(db, PATIENTS), strings(db, PHONES), strings(db, APPOINTMENTS));
    }

    static List<String> strings(PgCopy db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static List<Long> longs(PgCopy db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
