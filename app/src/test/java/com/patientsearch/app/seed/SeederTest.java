package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeederTest implements TestPropertyProvider {

    static final LocalDate AS_OF = LocalDate.of(2026, 1, 15);
    static final Instant NOW = AS_OF.atTime(12, 0).toInstant(ZoneOffset.UTC);
    static final int PATIENTS = 2_000;

    @Inject
    Seeder seeder;

    @Inject
    PgCopy db;

    SeedReport report;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("seeder_test");
    }

    @BeforeAll
    void seed() throws Exception {
        report = seeder.seed(new SeedOptions(PATIENTS, 7, 4, AS_OF, NOW), false);
    }

    @Test
    void reportsExactlyTheRowsInTheTables() throws SQLException {
        assertThat(report.rows()).containsEntry("patient", (long) PATIENTS).containsEntry("clinic", 4L);
        for (Map.Entry<String, Long> entry : report.rows().entrySet()) {
            assertThat(count("SELECT count(*) FROM " + entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(report.rows().get("provider")).isGreaterThanOrEqualTo(12);
        assertThat(report.rows().get("contact_info")).isBetween((long) (PATIENTS * 0.9), (long) (PATIENTS * 1.8));
        assertThat(report.rows().get("address")).isBetween((long) (PATIENTS * 0.9), (long) (PATIENTS * 1.2));
        double perPatient = report.rows().get("appointment") / (double) PATIENTS;
        assertThat(perPatient).isBetween(3.5, 6.5);
        assertThat(report.summary()).contains("patient").contains("rows/s");
    }

    @Test
    void appointmentCountsSpreadFromNoneToMany() throws SQLException {
        long none = count("SELECT count(*) FROM patient p WHERE NOT EXISTS (SELECT 1 FROM appointment a WHERE a.patient_id = p.id)");
        long many = count("SELECT count(*) FROM (SELECT patient_id FROM appointment GROUP BY patient_id HAVING count(*) >= 15) t");
        assertThat(none).isBetween(PATIENTS / 20L, PATIENTS / 3L);
        assertThat(many).isGreaterThan(PATIENTS / 100L);
    }

    @Test
    void surnamesAreHeavyTailed() throws SQLException {
        List<Long> counts = longs("SELECT count(*) FROM patient GROUP BY last_name ORDER BY count(*) DESC");
        long top = counts.get(0);
        long median = counts.get(counts.size() / 2);
        assertThat(top).isGreaterThanOrEqualTo(10 * median);
        // the long tail: most surnames occur once among 2,000 patients
        assertThat(counts.size()).isGreaterThan(800);
        assertThat(string("SELECT last_name FROM patient GROUP BY last_name ORDER BY count(*) DESC LIMIT 1"))
                .isIn("Smith", "Johnson", "Williams", "Jones", "Brown");
    }

    @Test
    void theNameDictionaryIsCountedForTypeAhead() throws SQLException {
        // the trigger adds tokens as rows arrive; the load ends by counting them (they order completions)
        assertThat(count("SELECT count(*) FROM name_token WHERE patients = 0")).isZero();
        assertThat(count("SELECT patients FROM name_token ORDER BY patients DESC LIMIT 1")).isGreaterThan(10);
    }

    @Test
    void everyNamePairIsInThePairDictionary() throws SQLException {
        // the pair trigger fires once per COPY chunk; two-word searches find only pairs the dictionary knows
        assertThat(count("SELECT count(*) FROM patient, unnest(name_pairs) AS pair")).isGreaterThanOrEqualTo(PATIENTS);
        assertThat(count("""
                SELECT count(*) FROM patient, unnest(name_pairs) AS pair
                WHERE NOT EXISTS (SELECT 1 FROM name_token_pair d
                                  WHERE d.token_a = split_part(pair, ' ', 1) AND d.token_b = split_part(pair, ' ', 2))""")).isZero();
    }

    @Test
    void someNamesCarryAccents() throws SQLException {
        long accented = count("SELECT count(*) FROM patient WHERE first_name || coalesce(middle_name, '') || last_name ~ '[^\\x01-\\x7F]'");
        assertThat(accented).isBetween(PATIENTS * 2 / 100L, PATIENTS * 15 / 100L);
        long middle = count("SELECT count(*) FROM patient WHERE middle_name IS NOT NULL");
        assertThat(middle).isBetween(PATIENTS * 20 / 100L, PATIENTS * 40 / 100L);
    }

    @Test
    void demographicsHaveRealisticSpreads() throws SQLException {
        assertThat(count("SELECT count(*) FROM patient WHERE date_of_birth > DATE '2026-01-15' "
                + "OR date_of_birth < DATE '2026-01-15' - INTERVAL '101 years'")).isZero();
        long children = count("SELECT count(*) FROM patient WHERE date_of_birth > DATE '2008-01-15'");
        long over80 = count("SELECT count(*) FROM patient WHERE date_of_birth < DATE '1946-01-15'");
        assertThat(children).isBetween(PATIENTS * 15 / 100L, PATIENTS * 30 / 100L);
        assertThat(over80).isBetween(1L, PATIENTS * 8 / 100L);
        assertThat(count("SELECT count(*) FROM patient WHERE status = 'active'")).isGreaterThan(PATIENTS * 80 / 100L);
        for (String status : List.of("inactive", "deceased", "merged")) {
            assertThat(count("SELECT count(*) FROM patient WHERE status = '" + status + "'")).as(status)
                    .isBetween(1L, PATIENTS * 12 / 100L);
        }
        long female = count("SELECT count(*) FROM patient WHERE gender = 'female'");
        assertThat(female).isBetween(PATIENTS * 40 / 100L, PATIENTS * 60 / 100L);
    }

    @Test
    void mergedPatientsPointAtAnActiveSurvivorOfTheirClinic() throws SQLException {
        assertThat(count("SELECT count(*) FROM patient WHERE status = 'merged' AND merged_into_id IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM patient m JOIN patient s ON s.id = m.merged_into_id "
                + "WHERE s.clinic_id <> m.clinic_id OR s.status <> 'active'")).isZero();
    }

    @Test
    void referencesAreConsistent() throws SQLException {
        assertThat(count("SELECT count(*) FROM appointment a JOIN provider p ON p.id = a.provider_id "
                + "WHERE p.clinic_id <> a.clinic_id")).isZero();
        assertThat(count("SELECT count(*) FROM appointment a JOIN patient p ON p.id = a.patient_id "
                + "WHERE p.clinic_id <> a.clinic_id")).isZero();
        for (String zone : strings("SELECT time_zone FROM clinic")) {
            assertThat(ZoneId.of(zone).getId()).contains("/");
        }
        assertThat(count("SELECT count(*) FROM patient WHERE mrn !~ '^M[0-9]{9,}$'")).isZero();
    }

    @Test
    void appointmentsFallInClinicHoursWithStatusesThatFitTheirTime() throws SQLException {
        assertThat(count("SELECT count(*) FROM appointment a JOIN clinic c ON c.id = a.clinic_id "
                + "WHERE (a.starts_at AT TIME ZONE c.time_zone)::time < '07:00' "
                + "OR (a.ends_at AT TIME ZONE c.time_zone)::time > '19:00' "
                + "OR extract(isodow FROM a.starts_at AT TIME ZONE c.time_zone) = 7 "
                + "OR (a.starts_at AT TIME ZONE c.time_zone)::date <> (a.ends_at AT TIME ZONE c.time_zone)::date"))
                .isZero();
        String now = "TIMESTAMPTZ '" + NOW + "'";
        assertThat(count("SELECT count(*) FROM appointment WHERE starts_at > " + now
                + " AND status IN ('completed', 'no_show', 'checked_in')")).isZero();
        assertThat(count("SELECT count(*) FROM appointment WHERE ends_at <= " + now
                + " AND status IN ('scheduled', 'confirmed', 'checked_in')")).isZero();
        assertThat(count("SELECT count(*) FROM appointment WHERE starts_at > " + now)).isPositive();
        assertThat(count("SELECT count(*) FROM appointment WHERE status = 'completed'")).isPositive();
        assertThat(count("SELECT count(*) FROM appointment a JOIN patient p ON p.id = a.patient_id "
                + "WHERE a.starts_at > " + now + " AND p.status <> 'active'")).isZero();
        assertThat(count("SELECT count(*) FROM appointment a JOIN patient p ON p.id = a.patient_id "
                + "WHERE a.starts_at < p.date_of_birth")).isZero();
    }

    @Test
    void phonesComeInVariedHumanFormats() throws SQLException {
        List<String> phones = strings("SELECT phone FROM contact_info WHERE phone IS NOT NULL");
        assertThat(phones).anyMatch(p -> p.matches("\\(\\d{3}\\) \\d{3}-\\d{4}"))
                .anyMatch(p -> p.matches("\\d{3}\\.\\d{3}\\.\\d{4}"))
                .anyMatch(p -> p.matches("\\+1 \\d{3} \\d{3} \\d{4}"))
                .anyMatch(p -> p.matches("\\d{3}-\\d{3}-\\d{4}"));
        assertThat(count("SELECT count(*) FROM contact_info WHERE phone IS NOT NULL AND length(phone_digits) NOT IN (10, 11)"))
                .isZero();
        assertThat(count("SELECT count(*) FROM contact_info WHERE email LIKE '%@%.%'")).isGreaterThan(PATIENTS / 3L);
    }

    private long count(String sql) throws SQLException {
        return longs(sql).get(0);
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private String string(String sql) throws SQLException {
        return strings(sql).get(0);
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
