package com.patientsearch.search.appointment;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.domain.appointment.AppointmentStatus;
import com.patientsearch.search.clinic.ClinicDirectory;
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
 * in, plus for a provider's days, a clinic's range or a patient's days one lookup of the clinic's time zone. Each
 * mode rides its own index (docs/indexing.md); AppointmentSearchPlanTest holds them to it.
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
    // A provider's days, at the caller's clinics only: the query layer's own filter, not row-level security alone.
    private static final String BY_PROVIDER_RANGE = "a.provider_id = ? AND a.starts_at >= ? AND a.starts_at < ?"
            + " AND a.clinic_id = ANY (" + CallerClinicsSql.IDS + ")";
    public static final String BY_CLINIC_RANGE = "a.clinic_id = ? AND a.starts_at >= ? AND a.starts_at < ?";
    // Spelled out so the planner can use appointment_open_clinic_idx (partial on these statuses).
    private static final String OPEN_ONLY = "\n  AND a.status IN ('scheduled', 'confirmed', 'checked_in')";
    private static final String STATUSES = "\n  AND a.status = ANY (?::text[])";
    // The plain bound on starts_at repeats what the row comparison implies: partition pruning reads only that form.
    private static final String BEFORE =
            "\n  AND a.starts_at <= ? AND (a.starts_at, a.id) < (?, ?)\nORDER BY a.starts_at DESC, a.id DESC\nLIMIT ?";
    private static final String AFTER = "\n  AND a.starts_at >= ? AND (a.starts_at, a.id) > (?, ?)";
    private static final String EARLIEST_FIRST = "\nORDER BY a.starts_at, a.id\nLIMIT ?";
    private static final String NEWEST_FIRST = "\nORDER BY a.starts_at DESC, a.id DESC\nLIMIT ?";

    /**
     * Text search (appointment_clinic_reason_gin, 145-appointment-clinic-reason.xml: with a clinic, one GIN scan yields
     * that clinic's matches only): the matches are ranked on appointment alone, the page cut by keyset on
     * (rank, starts_at, id), or with sort=recent on (starts_at, id), and only the page's rows are joined to their names.
     */
    private static final String TEXT_MATCHES = """
            SELECT r.*, p.first_name || ' ' || p.last_name AS patient_name,
                   pr.first_name || ' ' || pr.last_name AS provider_name, c.code AS clinic
            FROM (
                SELECT m.* FROM (
                    SELECT a.id, a.patient_id, a.provider_id, a.clinic_id, a.starts_at, a.ends_at, a.status, a.reason,
                           round(ts_rank(a.reason_tsv, websearch_to_tsquery('english'::regconfig, ?))::numeric, 6) AS score
                    FROM appointment a
                    WHERE a.reason_tsv @@ websearch_to_tsquery('english'::regconfig, ?)
                      AND a.clinic_id = ANY (""" + CallerClinicsSql.IDS + ")";
    private static final String TEXT_PATIENT = "\n          AND a.patient_id = ?";
    private static final String TEXT_PROVIDER = "\n          AND a.provider_id = ?";
    private static final String TEXT_CLINIC = "\n          AND a.clinic_id = ?";
    // Day bounds of a text search or of a patient's timeline (appointment_patient_starts_idx reads them as its range).
    private static final String FROM_DAY = "\n          AND a.starts_at >= ?";
    private static final String BEFORE_DAY = "\n          AND a.starts_at < ?";
    private static final String TEXT_STATUSES = "\n          AND a.status = ANY (?::text[])";
    private static final String TEXT_RANKED = "\n    ) m WHERE true";
    private static final String TEXT_AFTER = "\n      AND (m.score, m.starts_at, m.id) < (?::numeric, ?, ?)";
    // sort=recent: newest first, keyset on (starts_at, id), with the plain bound that prunes partitions (as BEFORE)
    private static final String TEXT_RECENT_AFTER = "\n      AND m.starts_at <= ? AND (m.starts_at, m.id) < (?, ?)";
    private static final String TEXT_PAGE = """

                ORDER BY %1$s
                LIMIT ?
            ) r
            JOIN patient p ON p.id = r.patient_id
            JOIN provider pr ON pr.id = r.provider_id
            JOIN clinic c ON c.id = r.clinic_id
            ORDER BY %2$s""";
    private static final String TEXT_PAGE_BEST_FIRST = TEXT_PAGE.formatted("m.score DESC, m.starts_at DESC, m.id DESC",
            "r.score DESC, r.starts_at DESC, r.id DESC");
    private static final String TEXT_PAGE_NEWEST_FIRST = TEXT_PAGE.formatted("m.starts_at DESC, m.id DESC",
            "r.starts_at DESC, r.id DESC");

    /** A provider's or a patient's clinic's time zone, if the caller may see that clinic. */
    private static final String PROVIDER_ZONE = """
            SELECT c.time_zone FROM provider pr JOIN clinic c ON c.id = pr.clinic_id
            WHERE pr.id = ? AND c.code = ANY (?::text[])""";
    private static final String PATIENT_ZONE = """
            SELECT c.time_zone FROM patient p JOIN clinic c ON c.id = p.clinic_id
            WHERE p.id = ? AND c.code = ANY (?::text[])""";

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
        boolean text = query.mode() == AppointmentQuery.Mode.TEXT;
        boolean ranked = text && !query.recent();
        List<String> after = query.cursor() == null ? null : cursors.decode(caller, query.cursor(), fingerprint, ranked ? 3 : 2);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            RowSecurity.bind(connection, caller);
            long scope = query.patientId();
            ZoneId zone = ZoneOffset.UTC;
            if (query.mode() == AppointmentQuery.Mode.PATIENT && (query.from() != null || query.to() != null)) {
                // the patient's clinic's days; a patient the caller may not see is refused like an unknown provider
                zone = zone(connection, "patient", PATIENT_ZONE, query.patientId(), caller);
            } else if (query.mode() == AppointmentQuery.Mode.PROVIDER_RANGE) {
                scope = query.providerId();
                // Another clinic's provider or clinic is answered like an unknown one: nothing to probe.
                zone = zone(connection, "provider", PROVIDER_ZONE, query.providerId(), caller);
            } else if (query.mode() == AppointmentQuery.Mode.CLINIC_RANGE) {
                ClinicDirectory.ClinicKey clinic = ClinicDirectory.visible(connection, caller, query.clinicCode());
                zone = clinic.timeZone();
                scope = clinic.id();
            } else if (text) {
                scope = 0;
                if (query.providerId() != 0) {
                    zone = zone(connection, "provider", PROVIDER_ZONE, query.providerId(), caller);
                }
                if (query.clinicCode() != null) {
                    ClinicDirectory.ClinicKey clinic = ClinicDirectory.visible(connection, caller, query.clinicCode());
                    zone = clinic.timeZone();
                    scope = clinic.id();
                }
            }
            Statement statement = statement(query, scope, caller, zone, after);
            List<AppointmentHit> rows = run(connection, statement.sql(), statement.binds());
            boolean more = rows.size() > query.limit();
            List<AppointmentHit> page = more ? rows.subList(0, query.limit()) : rows;
            String next = null;
            if (more) {
                AppointmentHit last = page.get(page.size() - 1);
                String startsAt = last.startsAt().atOffset(ZoneOffset.UTC).toString();
                next = cursors.encode(caller, fingerprint, ranked
                        ? List.of(java.math.BigDecimal.valueOf(last.score()).toPlainString(), startsAt, String.valueOf(last.id()))
                        : List.of(startsAt, String.valueOf(last.id())));
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
     * @param zone  the clinic's time zone, cutting days for a provider's days, a clinic's range or a patient's days
     */
    static Statement statement(AppointmentQuery query, long scope, CallerScope caller, ZoneId zone, List<String> after) {
        if (query.mode() == AppointmentQuery.Mode.TEXT) {
            return textStatement(query, scope, caller, zone, after);
        }
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> binds = new ArrayList<>();
        binds.add(scope);
        switch (query.mode()) {
            case PATIENT -> {
                sql.append(BY_PATIENT);
                binds.add(caller.clinics().toArray(String[]::new));
                optionalDays(sql, binds, query, zone);
            }
            case PROVIDER_RANGE -> {
                sql.append(BY_PROVIDER_RANGE);
                addDays(binds, query, zone);
                binds.add(caller.clinics().toArray(String[]::new));
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
                OffsetDateTime at = OffsetDateTime.parse(after.get(0));
                binds.add(at);
                binds.add(at);
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

    /** @param clinicId the clinic filter (one of the caller's, looked up), or 0 for all the caller's clinics */
    private static Statement textStatement(AppointmentQuery query, long clinicId, CallerScope caller, ZoneId zone,
                                           List<String> after) {
        StringBuilder sql = new StringBuilder(TEXT_MATCHES);
        List<Object> binds = new ArrayList<>(List.of(query.text(), query.text(), caller.clinics().toArray(String[]::new)));
        if (query.patientId() != 0) {
            sql.append(TEXT_PATIENT);
            binds.add(query.patientId());
        }
        if (query.providerId() != 0) {
            sql.append(TEXT_PROVIDER);
            binds.add(query.providerId());
        }
        if (clinicId != 0) {
            sql.append(TEXT_CLINIC);
            binds.add(clinicId);
        }
        optionalDays(sql, binds, query, zone);
        if (!query.statuses().equals(EnumSet.allOf(AppointmentStatus.class))) {
            sql.append(TEXT_STATUSES);
            binds.add(query.statuses().stream().map(AppointmentStatus::code).sorted().toArray(String[]::new));
        }
        sql.append(TEXT_RANKED);
        if (after != null) {
            try {
                if (query.recent()) {
                    OffsetDateTime at = OffsetDateTime.parse(after.get(0));
                    binds.add(at);
                    binds.add(at);
                    binds.add(Long.parseLong(after.get(1)));
                } else {
                    binds.add(new java.math.BigDecimal(after.get(0)));
                    binds.add(OffsetDateTime.parse(after.get(1)));
                    binds.add(Long.parseLong(after.get(2)));
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new InvalidParameterException("cursor", "is malformed");
            }
            sql.append(query.recent() ? TEXT_RECENT_AFTER : TEXT_AFTER);
        }
        sql.append(query.recent() ? TEXT_PAGE_NEWEST_FIRST : TEXT_PAGE_BEST_FIRST);
        binds.add(query.limit() + 1);
        return new Statement(sql.toString(), binds);
    }

    /** Local days [from 00:00, to + 1 day 00:00) in the clinic's zone, as instants. */
    private static void addDays(List<Object> binds, AppointmentQuery query, ZoneId zone) {
        binds.add(query.from().atStartOfDay(zone).toOffsetDateTime());
        binds.add(query.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
    }

    /** Whichever of the day bounds the query has (a patient's timeline, a text search), in the clinic's zone. */
    private static void optionalDays(StringBuilder sql, List<Object> binds, AppointmentQuery query, ZoneId zone) {
        if (query.from() != null) {
            sql.append(FROM_DAY);
            binds.add(query.from().atStartOfDay(zone).toOffsetDateTime());
        }
        if (query.to() != null) {
            sql.append(BEFORE_DAY);
            binds.add(query.to().plusDays(1).atStartOfDay(zone).toOffsetDateTime());
        }
    }

    /** The time zone of the clinic a provider or patient belongs to; one the caller may not see is an unknown one. */
    private static ZoneId zone(Connection connection, String field, String sql, long id, CallerScope caller)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.setArray(2, connection.createArrayOf("text", caller.clinics().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidParameterException(field, "is not a known " + field);
                }
                return ZoneId.of(rs.getString(1));
            }
        }
    }

    private static Double score(ResultSet rs) throws SQLException {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            if (rs.getMetaData().getColumnLabel(i).equals("score")) {
                java.math.BigDecimal score = rs.getBigDecimal(i);
                return score == null ? null : score.doubleValue();
            }
        }
        return null;
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
                            rs.getString("status"), rs.getString("reason"), score(rs)));
                }
            }
            return hits;
        }
    }
}
