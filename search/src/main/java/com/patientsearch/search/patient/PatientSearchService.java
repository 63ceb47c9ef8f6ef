package com.patientsearch.search.patient;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.search.clinic.ClinicDirectory;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.CursorCodec;
import com.patientsearch.search.paging.Page;
import com.patientsearch.persistence.resilience.RetryTransientReads;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Patient search: validates the parameters, runs one keyset-paged SQL statement (see {@link PatientSearchSql}) and
 * signs the cursor of the next page. A clinic code costs one more, tiny, lookup. Scoped twice to the caller's
 * clinics: in the statement itself, and by row-level security through the setting bound first.
 */
@Singleton
public class PatientSearchService {

    private static final int CURSOR_VALUES = 4;

    private final EntityManager entityManager;
    private final CursorCodec cursors;
    private final IndexedPatientSearch indexed;

    PatientSearchService(EntityManager entityManager, CursorCodec cursors, IndexedPatientSearch indexed) {
        this.entityManager = entityManager;
        this.cursors = cursors;
        this.indexed = indexed;
    }

    @RetryTransientReads
    @ReadOnly
    public Page<PatientHit> search(CallerScope caller, PatientSearchParams params) {
        if (indexed.ready()) {
            return indexed.search(caller, params, PatientIndexSearch.ClinicFilter.ON);
        }
        PatientSearchQuery query = PatientSearchQuery.parse(params);
        String fingerprint = query.fingerprint();
        List<String> after = query.cursor() == null ? null : cursors.decode(caller, query.cursor(), fingerprint, CURSOR_VALUES);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            if (query.nameTokens().isEmpty()) {
                RowSecurity.bind(connection, caller);
            } else {
                // The name statement's candidates, pairs and clinics are all computed inside it, so one plan fits
                // every input (PatientSearchPlanTest explains that generic plan). The other paths' plans depend on
                // their values (a phone suffix, a date range) and are planned for them.
                RowSecurity.bindWithGenericPlans(connection, caller);
            }
            Long clinicId = query.clinicCode() == null ? null
                    : ClinicDirectory.visible(connection, caller, query.clinicCode()).id();
            PatientSearchSql statement = build(query, clinicId, List.copyOf(caller.clinics()), after);
            List<Row> rows = run(connection, statement);
            boolean more = rows.size() > query.limit();
            List<Row> page = more ? rows.subList(0, query.limit()) : rows;
            String next = more ? cursors.encode(caller, fingerprint, page.get(page.size() - 1).cursorValues(query.sort())) : null;
            return new Page<>(page.stream().map(Row::hit).toList(), next);
        });
    }

    static List<Row> run(Connection connection, PatientSearchSql statement) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
            int index = 1;
            for (Object bind : statement.binds()) {
                if (bind instanceof PatientSearchSql.TextArray array) {
                    ps.setArray(index++, connection.createArrayOf("text", array.values().toArray()));
                } else if (bind instanceof PatientSearchSql.LongArray array) {
                    ps.setArray(index++, connection.createArrayOf("bigint", array.values().toArray()));
                } else if (bind instanceof PatientSearchSql.IntArray array) {
                    ps.setArray(index++, connection.createArrayOf("integer", array.values().toArray()));
                } else {
                    ps.setObject(index++, bind);
                }
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.from(rs));
                }
            }
            return rows;
        }
    }

    /** Cursors are signed, so a value that does not parse can only come from an older cursor format. */
    private static PatientSearchSql build(PatientSearchQuery query, Long clinicId, List<String> callerClinics,
                                          List<String> after) {
        try {
            return PatientSearchSql.build(query, clinicId, callerClinics, after, query.limit() + 1);
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
    }

    record Row(PatientHit hit, BigDecimal score, String lastNorm, String firstNorm, OffsetDateTime updatedAt) {

        static Row from(ResultSet rs) throws SQLException {
            BigDecimal score = rs.getBigDecimal("score");
            PatientHit hit = new PatientHit(
                    rs.getLong("id"), rs.getString("clinic"), rs.getString("mrn"), rs.getString("first_name"),
                    rs.getString("middle_name"), rs.getString("last_name"), rs.getObject("date_of_birth", LocalDate.class),
                    rs.getString("gender"), rs.getString("status"), rs.getString("phone"), rs.getString("email"),
                    score == null ? null : score.doubleValue());
            return new Row(hit, score, rs.getString("last_name_norm"), rs.getString("first_name_norm"),
                    rs.getObject("updated_at", OffsetDateTime.class));
        }

        /** The sort key of this row, in the slots PatientSearchSql reads: (score, last, first, id) or (updated, -, -, id). */
        List<String> cursorValues(PatientSort sort) {
            String id = String.valueOf(hit.id());
            return switch (sort) {
                case RELEVANCE -> List.of(score.toPlainString(), lastNorm, firstNorm, id);
                case NAME -> List.of("", lastNorm, firstNorm, id);
                case RECENT -> List.of(updatedAt.toString(), "", "", id);
            };
        }
    }
}
