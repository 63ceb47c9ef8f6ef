package com.patientsearch.search.appointment;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.domain.appointment.AppointmentStatus;
import com.patientsearch.search.common.CallerClinicsSql;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.NotFoundException;
import com.patientsearch.search.paging.CursorCodec;
import com.patientsearch.search.paging.Page;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Appointment lists, keyset-paged on (starts_at, id): one statement per page with patient, provider and clinic joined
 * in, plus for a provider's day or a clinic's range one lookup of the clinic's time zone. Each mode rides its own
 * index (docs/indexing.md); AppointmentSearchPlanTest holds them to it.
 */
@Singleton
public class AppointmentSearchService {

    /** The page's columns and joins, up to its WHERE: public so the deep-page benchmark's OFFSET baseline runs it. */
    public static final String SELECT = """
            SELECT a.id, a.patient_id, p.first_name || ' ' || p.last_name AS patient_name,
                   a.provider_id, pr.first_name || ' ' || pr.last_name AS provider_name, c.code AS clinic,
                   a.starts_at, a.ends_at, a.status, a.reason
            FROM appointment a
            JOIN patient p ON p.id = a.patient_id
            JOIN provider pr ON pr.id = a.provider_id
            JOIN clinic c ON c.id = a.clinic_id
            WHERE\s""";
    // A patient's appointments, at the caller's clinics only.
    private static final String BY_PATIENT = "a.patient_id = ? AND a.clinic_id = ANY (" + CallerClinicsSql.IDS + ")";
    // One appointment by id (the primary key), at the caller's clinics only.
    private static final String BY_ID = "a.id = ? AND a.clinic_id = ANY (" + CallerClinicsSql.IDS + ")";
    private static final String BY_PROVIDER_DAY = "a.provider_id = ? AND a.starts_at >= ? AND a.starts_at < ?";
    public static final String BY_CLINIC_RANGE = "a.clinic_id = ? AND a.starts_at >= ? AND a.starts_at < ?";
    // Spelled out so the planner can use appointment_open_clinic_idx (partial on these statuses).
    private static final String OPEN_ONLY = "\n  AND a.status IN ('scheduled', 'confirmed', 'checked_in')";
    private static final String STATUSES = "\n  AND a.status = ANY (?::text[])";
    private static final String BEFORE = "\n  AND (a.starts_at, a.id) < (?, ?)\nORDER BY a.starts_at DESC, a.id DESC\nLIMIT ?";
    private static final String AFTER = "\n  AND (a.starts_at, a.id) > (?, ?)";
    private static final String EARLIEST_FIRST = "\nORDER BY a.starts_at, a.id\nLIMIT ?";
    private static final String NEWEST_FIRST = "\nORDER BY a.starts_at DESC, a.id DESC\nLIMIT ?";

    private final EntityManager entityManager;
    private final CursorCodec cursors;

    AppointmentSearchService(EntityManager entityManager, CursorCodec cursors) {
        this.entityManager = entityManager;
        this.cursors = cursors;
    }

    @ReadOnly
    public Page<AppointmentHit> search(CallerScope caller, AppointmentSearchParams params) {
        AppointmentQuery query = AppointmentQuery.parse(params);
        String fingerprint = query.fingerprint();
        List<String> after = query.cursor() == null ? null : cursors.decode(query.cursor(), fingerprint, 2);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            RowSecurity.bind(connection, caller);
            long scope = query.patientId();
            ZoneId zone = ZoneOffset.UTC;
            if (query.mode() == AppointmentQuery.Mode.PROVIDER_DAY) {
                scope = query.providerId();
                // Another clinic's provider or clinic is answered like an unknown one: nothing to probe.
                zone = zone(connection, "provider", """
                        SELECT c.id, c.time_zone FROM provider pr JOIN clinic c ON c.id = pr.clinic_id
                        WHERE pr.id = ? AND c.code = ANY (?::text[])""", query.providerId(), caller, null);
            } else if (query.mode() == AppointmentQuery.Mode.CLINIC_RANGE) {
                long[] clinicId = new long[1];
                zone = zone(connection, "clinic", "SELECT id, time_zone FROM clinic WHERE code = ? AND code = ANY (?::text[])",
                        query.clinicCode(), caller, clinicId);
                scope = clinicId[0];
            }
            Statement statement = statement(query, scope, caller, zone, after);
            List<AppointmentHit> rows = run(connection, statement.sql(), statement.binds());
            boolean more = rows.size() > query.limit();
            List<AppointmentHit> page = more ? rows.subList(0, query.limit()) : rows;
            String next = null;
            if (more) {
                AppointmentHit last = page.get(page.size() - 1);
                next = cursors.encode(fingerprint, List.of(last.startsAt().atOffset(ZoneOffset.UTC).toString(), String.valueOf(last.id())));
            }
            return new Page<>(page, next);
        });
    }

    /** One appointment; another clinic's is "not found", never "forbidden", so ids cannot be probed. */
    @ReadOnly
    public AppointmentHit get(CallerScope caller, long id) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            RowSecurity.bind(connection, caller);
            List<AppointmentHit> rows = run(connection, SELECT + BY_ID, List.of(id, caller.clinics().toArray(String[]::new)));
            if (rows.isEmpty()) {
                throw new NotFoundException("appointment", id);
            }
            return rows.get(0);
        });
    }

    /** The page's SQL and binds: fixed fragments chosen by mode, statuses and cursor; every value bound. */
    record Statement(String sql, List<Object> binds) {
    }

    /**
     * @param scope the patient, provider or clinic id the mode filters on
     * @param zone  the clinic's time zone, cutting days for a provider's day or a clinic's range
     */
    static Statement statement(AppointmentQuery query, long scope, CallerScope caller, ZoneId zone, List<String> after) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> binds = new ArrayList<>();
        binds.add(scope);
        switch (query.mode()) {
            case PATIENT -> {
                sql.append(BY_PATIENT);
                binds.add(caller.clinics().toArray(String[]::new));
            }
            case PROVIDER_DAY -> {
                sql.append(BY_PROVIDER_DAY);
                addDays(binds, query, zone);
            }
            case CLINIC_RANGE -> {
                sql.append(BY_CLINIC_RANGE);
                addDays(binds, query, zone);
            }
            default -> throw new IllegalStateException();
        }
        if (AppointmentStatus.OPEN.containsAll(query.statuses())) {
            sql.append(OPEN_ONLY);
        }
        if (!query.statuses().equals(EnumSet.allOf(AppointmentStatus.class)) && !query.statuses().equals(AppointmentStatus.OPEN)) {
            sql.append(STATUSES);
            binds.add(query.statuses().stream().map(AppointmentStatus::code).sorted().toArray(String[]::new));
        }
        boolean newestFirst = query.mode() == AppointmentQuery.Mode.PATIENT;
        if (after != null) {
            try {
                binds.add(OffsetDateTime.parse(after.get(0)));
                binds.add(Long.parseLong(after.get(1)));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new InvalidParameterException("cursor", "is malformed");
            }
            sql.append(newestFirst ? BEFORE : AFTER + EARLIEST_FIRST);
        } else {
            sql.append(newestFirst ? NEWEST_FIRST : EARLIEST_FIRST);
        }
        binds.add(query.limit() + 1);
        return new Statement(sql.toString(), binds);
    }

    /** A local day [from 00:00, to + 1 day 00:00) in the clinic's zone, as instants. */
    private static void addDays(List<Object> binds, AppointmentQuery query, ZoneId zone) {
        binds.add(query.from().atStartOfDay(zone).toOffsetDateTime());
        binds.add(query.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
    }

    private static ZoneId zone(Connection connection, String field, String sql, Object key, CallerScope caller,
                               long[] idOut) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, key);
            statement.setArray(2, connection.createArrayOf("text", caller.clinics().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidParameterException(field, "is not a known " + field);
                }
                if (idOut != null) {
                    idOut[0] = rs.getLong(1);
                }
                return ZoneId.of(rs.getString(2));
            }
        }
    }

    private static List<AppointmentHit> run(Connection connection, String sql, List<Object> binds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                Object bind = binds.get(i);
                if (bind instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, bind);
                }
            }
            List<AppointmentHit> hits = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    hits.add(new AppointmentHit(rs.getLong("id"), rs.getLong("patient_id"), rs.getString("patient_name"),
                            rs.getLong("provider_id"), rs.getString("provider_name"), rs.getString("clinic"),
                            rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("ends_at", OffsetDateTime.class).toInstant(),
                            rs.getString("status"), rs.getString("reason")));
                }
            }
            return hits;
        }
    }
}
