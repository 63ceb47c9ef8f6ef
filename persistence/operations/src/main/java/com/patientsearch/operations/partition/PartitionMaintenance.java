package com.patientsearch.operations.partition;

import com.patientsearch.persistence.datasource.JdbcTransaction;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the monthly partitions of audit_event and appointment (liquibase 110-112): months ahead exist, rows that
 * landed in a default partition move into their month (audit rows too: liquibase 160), and audit months older than
 * the retention are detached (they stay in the database as tables of their own, append-only; an operator archives
 * and drops them).
 * Runs as the schema owner, each step in its own transaction under a short lock timeout.
 */
@Singleton
public class PartitionMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

    /** What one run did: partitions created and detached, by name. */
    public record Report(List<String> created, List<String> detached) {
    }

    private final OwnerDatabase owner;
    private final PartitionProperties properties;
    private final Clock clock;

    @Inject
    PartitionMaintenance(OwnerDatabase owner, PartitionProperties properties) {
        this(owner, properties, Clock.systemUTC());
    }

    PartitionMaintenance(OwnerDatabase owner, PartitionProperties properties, Clock clock) {
        this.owner = owner;
        this.properties = properties;
        this.clock = clock;
    }

    public Report run() throws SQLException {
        List<String> created = new ArrayList<>();
        List<String> detached = new ArrayList<>();
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        try (Connection connection = owner.connection()) {
            for (int m = 0; m <= properties.getAuditMonthsAhead(); m++) {
                create(connection, "audit_event", now.plusMonths(m), created);
            }
            for (int m = 0; m <= properties.getAppointmentMonthsAhead(); m++) {
                create(connection, "appointment", now.plusMonths(m), created);
            }
            // rows in a default partition get their month: appointments booked beyond the months ahead or imported
            // from before the first month, audit events of a month not created in time (the scheduler was off)
            for (YearMonth month : months(connection,
                    "SELECT DISTINCT date_trunc('month', starts_at AT TIME ZONE 'UTC')::date FROM appointment_default")) {
                create(connection, "appointment", month, created);
            }
            for (YearMonth month : months(connection,
                    "SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date FROM audit_event_default")) {
                create(connection, "audit_event", month, created);
            }
            YearMonth oldestKept = YearMonth.from(LocalDate.now(clock.withZone(ZoneOffset.UTC))
                    .minus(properties.retention()));
            for (YearMonth month : months(connection, """
                    SELECT to_date(substring(c.relname FROM 'p([0-9]{4}_[0-9]{2})$'), 'YYYY_MM')
                    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'audit_event'::regclass AND c.relname ~ '_p[0-9]{4}_[0-9]{2}$'""")) {
                if (month.isBefore(oldestKept)) {
                    String partition = "audit_event_p" + month.toString().replace('-', '_');
                    try {
                        inTransaction(connection, "SELECT ps_detach_partition('audit_event', ?::regclass)", partition);
                        detached.add(partition);
                        LOG.info("partition detached table=audit_event partition={} (kept as a table)", partition);
                    } catch (SQLException e) {
                        LOG.warn("partition detach failed partition={} sqlstate={}", partition, e.getSQLState());
                    }
                }
            }
        }
        return new Report(created, detached);
    }

    /** A failure (a lock timeout on a busy parent) skips the month until the next run. */
    private void create(Connection connection, String table, YearMonth month, List<String> created) {
        try {
            String name = inTransaction(connection, "SELECT ps_create_month_partition(?::regclass, ?)", table,
                    month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            if (name != null) {
                created.add(name);
                LOG.info("partition created table={} partition={}", table, name);
            }
        } catch (SQLException e) {
            LOG.warn("partition create failed table={} month={} sqlstate={}", table, month, e.getSQLState());
        }
    }

    private static List<YearMonth> months(Connection connection, String sql) throws SQLException {
        List<YearMonth> months = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                months.add(YearMonth.from(rs.getObject(1, LocalDate.class)));
            }
        }
        return months;
    }

    /** One step, one transaction; the first column of its result. */
    private String inTransaction(Connection connection, String sql, Object... binds) throws SQLException {
        return JdbcTransaction.inTransaction(connection, c -> {
            try (Statement settings = c.createStatement(); PreparedStatement statement = c.prepareStatement(sql)) {
                settings.execute("SET LOCAL lock_timeout = '" + properties.getLockTimeout().toMillis() + "ms'");
                for (int i = 0; i < binds.length; i++) {
                    statement.setObject(i + 1, binds[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
