package com.patientsearch.operations.partition;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The monthly partitions of audit_event and appointment kept by the scheduler's job, on a real PostgreSQL. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionMaintenanceTest implements TestPropertyProvider {

    @Inject
    OwnerDatabase owner;

    /** The bean the scheduler runs: injectable (the test itself runs one on a fixed clock). */
    @Inject
    PartitionMaintenance bean;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("partitions"));
        properties.put("partitions.enabled", "false"); // no scheduler racing the test: it runs the job itself
        return properties;
    }

    @Test
    void createsMonthsAheadMovesStrayAppointmentsAndDetachesAuditMonthsPastRetention() throws Exception {
        execute("INSERT INTO clinic (code, name, time_zone) VALUES ('P1', 'P', 'UTC')",
                "INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'A', 'B' FROM clinic",
                "INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender) "
                        + "SELECT id, 'M1', 'C', 'D', date '1990-01-01', 'female' FROM clinic",
                // booked far beyond the months that exist: the default partition takes it
                "INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at) "
                        + "SELECT p.id, pr.id, p.clinic_id, timestamptz '2031-02-03 10:00+00', timestamptz '2031-02-03 10:30+00' "
                        + "FROM patient p, provider pr",
                // an audit month from long ago, with an event
                "SELECT ps_create_month_partition('audit_event', timestamptz '2019-03-01 00:00+00')",
                "INSERT INTO audit_event (at, user_name, role, clinics, action, endpoint) "
                        + "VALUES ('2019-03-05 10:00+00', 'old', 'ops', '{}', 'read', 'x')");
        assertThat(strings("SELECT tableoid::regclass::text FROM appointment")).containsExactly("appointment_default");

        PartitionProperties properties = new PartitionProperties();
        properties.setAuditMonthsAhead(2);
        properties.setAppointmentMonthsAhead(3);
        // six years after March 2019 ended: that month is past retention, April 2019 is not
        Clock clock = Clock.fixed(Instant.parse("2025-04-15T12:00:00Z"), ZoneOffset.UTC);
        PartitionMaintenance.Report report = new PartitionMaintenance(owner, properties, clock).run();

        assertThat(report.created()).contains("audit_event_p2025_04", "audit_event_p2025_06", "appointment_p2031_02");
        assertThat(report.detached()).containsExactly("audit_event_p2019_03");
        assertThat(strings("SELECT tableoid::regclass::text FROM appointment")).containsExactly("appointment_p2031_02");
        assertThat(strings("SELECT count(*) FROM appointment_default")).containsExactly("0");
        // detached: out of audit_event, kept as a table with its rows
        assertThat(strings("SELECT count(*) FROM audit_event WHERE user_name = 'old'")).containsExactly("0");
        assertThat(strings("SELECT user_name FROM audit_event_p2019_03")).containsExactly("old");
        // the moved month has the indexes of its parent, named after them
        assertThat(strings("SELECT indexname FROM pg_indexes WHERE tablename = 'appointment_p2031_02' ORDER BY 1"))
                .contains("appointment_patient_starts_idx_p2031_02", "appointment_pkey_p2031_02");

        // a second run has nothing left to do
        PartitionMaintenance.Report again = new PartitionMaintenance(owner, properties, clock).run();
        assertThat(again.created()).isEmpty();
        assertThat(again.detached()).isEmpty();
    }

    @Test
    void movesAuditEventsOutOfTheDefaultPartitionAndEveryPartitionStaysAppendOnly() throws Exception {
        // the scheduler was off for months: events of months nobody created landed in the default partition
        execute("INSERT INTO audit_event (at, user_name, role, clinics, action, endpoint, patient_ids) VALUES "
                + "('2033-08-02 10:00+00', 'aug-1', 'ops', '{C1}', 'read', 'x', '{1,2}'), "
                + "('2033-08-31 23:59:59+00', 'aug-2', 'ops', '{}', 'search', 'y', '{}'), "
                + "('2033-09-01 00:00+00', 'sep-1', 'ops', '{}', 'read', 'x', '{3}'), "
                + "('2040-01-15 08:00+00', 'jan-2040', 'ops', '{}', 'import', 'z', '{4}')");
        String rows = "SELECT id || ' ' || at || ' ' || user_name || ' ' || role || ' ' || clinics::text || ' ' || action "
                + "|| ' ' || endpoint || ' ' || patient_ids::text FROM audit_event WHERE at >= '2033-01-01' ORDER BY id";
        List<String> before = strings(rows);
        assertThat(strings("SELECT DISTINCT tableoid::regclass::text FROM audit_event WHERE at >= '2033-01-01'"))
                .containsExactly("audit_event_default");

        PartitionProperties properties = new PartitionProperties();
        properties.setAuditMonthsAhead(1);
        properties.setAppointmentMonthsAhead(1);
        Clock clock = Clock.fixed(Instant.parse("2033-08-10T12:00:00Z"), ZoneOffset.UTC);
        PartitionMaintenance.Report report = new PartitionMaintenance(owner, properties, clock).run();

        assertThat(report.created()).contains("audit_event_p2033_08", "audit_event_p2033_09", "audit_event_p2040_01");
        // every event kept, unchanged, each in its month; none left in the default partition
        assertThat(strings(rows)).isEqualTo(before);
        assertThat(strings("SELECT user_name || ' ' || tableoid::regclass::text FROM audit_event "
                + "WHERE at >= '2033-01-01' ORDER BY at")).containsExactly(
                "aug-1 audit_event_p2033_08", "aug-2 audit_event_p2033_08", "sep-1 audit_event_p2033_09",
                "jan-2040 audit_event_p2040_01");
        assertThat(strings("SELECT count(*) FROM audit_event_default")).containsExactly("0");
        // the default partition was detached for the move and is attached again, as the default
        assertThat(strings("SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_event'::regclass "
                + "AND c.relname = 'audit_event_default'")).containsExactly("audit_event_default DEFAULT");
        assertThat(strings("SELECT indexname FROM pg_indexes WHERE tablename = 'audit_event_p2033_08' ORDER BY 1"))
                .contains("audit_event_at_idx_p2033_08", "audit_event_pkey_p2033_08");

        // append-only throughout: the months the rows moved to, the default partition, the parent
        execute("INSERT INTO audit_event (at, user_name, role, clinics, action, endpoint) "
                + "VALUES ('2050-05-05 00:00+00', 'unplanned', 'ops', '{}', 'read', 'x')");
        assertThat(strings("SELECT tableoid::regclass::text FROM audit_event WHERE user_name = 'unplanned'"))
                .containsExactly("audit_event_default");
        for (String table : List.of("audit_event_p2033_08", "audit_event_p2040_01", "audit_event_default", "audit_event")) {
            for (String sql : List.of("UPDATE " + table + " SET user_name = 'x'", "DELETE FROM " + table,
                    "TRUNCATE " + table)) {
                assertThatThrownBy(() -> execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        assertThat(strings("SELECT count(*) FROM audit_event WHERE at >= '2033-01-01'")).containsExactly("5");
    }

    private void execute(String... sql) throws SQLException {
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection connection = owner.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
