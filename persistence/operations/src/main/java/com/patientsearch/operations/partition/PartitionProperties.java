package com.patientsearch.operations.partition;

import com.patientsearch.persistence.schedule.ScheduleProperties;
import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.time.Period;

/**
 * {@code partitions.*}: how far ahead the monthly partitions of audit_event and appointment are created, and how long
 * audit months stay attached (older ones are detached, never dropped: docs/operations.md).
 */
@ConfigurationProperties("partitions")
public class PartitionProperties extends ScheduleProperties {

    private int auditMonthsAhead = 3;
    private int appointmentMonthsAhead = 24;
    /** ISO-8601 ({@code P6Y}, {@code P18M}); health-record audit rules commonly ask for six years. */
    private String auditRetention = "P6Y";
    /** DDL on a busy parent gives up rather than queue in front of the app's statements; the next run retries. */
    private Duration lockTimeout = Duration.ofSeconds(5);

    public PartitionProperties() {
        super(true, Duration.ofHours(6), Duration.ofMinutes(1));
    }

    public int getAuditMonthsAhead() {
        return auditMonthsAhead;
    }

    public void setAuditMonthsAhead(int auditMonthsAhead) {
        this.auditMonthsAhead = Math.max(1, auditMonthsAhead);
    }

    public int getAppointmentMonthsAhead() {
        return appointmentMonthsAhead;
    }

    public void setAppointmentMonthsAhead(int appointmentMonthsAhead) {
        this.appointmentMonthsAhead = Math.max(1, appointmentMonthsAhead);
    }

    public String getAuditRetention() {
        return auditRetention;
    }

    public void setAuditRetention(String auditRetention) {
        Period period = Period.parse(auditRetention);
        if (period.isNegative() || period.toTotalMonths() < 1) {
            throw new IllegalArgumentException("partitions.audit-retention must be at least one month (ISO-8601, e.g. P6Y)");
        }
        this.auditRetention = auditRetention;
    }

    Period retention() {
        return Period.parse(auditRetention);
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }
}
