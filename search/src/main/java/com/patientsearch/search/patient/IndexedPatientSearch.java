package com.patientsearch.search.patient;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.search.clinic.ClinicDirectory;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.CursorCodec;
import com.patientsearch.search.paging.Page;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The patient search through the index engine ({@code search.engine} lucene or opensearch), behind the same
 * parameters, response, cursor rules and 400s as the SQL path. Clinic scoping stays two layers: the index query
 * filters by the caller's clinics, then the page's rows are read from PostgreSQL by id, restricted to the caller's
 * clinics again and under row-level security, so the index never decides visibility alone.
 *
 * <p>Cursors hold the last row's engine sort values (score or update time, last, first, id), signed like the SQL
 * path's, plus how many rows came before. Hibernate Search 7.2 has no search_after, so the next page asks the engine
 * for its top rows up to past the cursor and keeps those after it: the keyset semantics (no row twice, none skipped
 * when rows are inserted meanwhile) at the cost of an engine's from+size, growing with the depth of the page.
 */
@Singleton
class IndexedPatientSearch {

    private static final int CURSOR_VALUES = 5;

    private final SearchEngineProperties properties;
    private final PatientIndexSearch index;
    private final EntityManager entityManager;
    private final CursorCodec cursors;
    private final ClinicDirectory clinics;
    private final PatientIndexState state;

    IndexedPatientSearch(SearchEngineProperties properties, PatientIndexSearch index, EntityManager entityManager,
                         CursorCodec cursors, ClinicDirectory clinics, PatientIndexState state) {
        this.properties = properties;
        this.index = index;
        this.entityManager = entityManager;
        this.cursors = cursors;
        this.clinics = clinics;
        this.state = state;
    }

    /** Whether searches go to the index: an index engine is chosen and its index is complete (not rebuilding). */
    boolean ready() {
        return properties.engine().indexed() && state.ready();
    }

    /** Runs inside the caller's read-only transaction (PatientSearchService.search). */
    Page<PatientHit> search(CallerScope caller, PatientSearchParams params, PatientIndexSearch.ClinicFilter clinicFilter) {
        PatientSearchQuery query = PatientSearchQuery.parse(params);
        // a cursor of one engine is refused by the other: their sort values differ
        String fingerprint = query.fingerprint() + "|" + properties.engine();
        List<String> cursor = query.cursor() == null ? null : cursors.decode(caller, query.cursor(), fingerprint, CURSOR_VALUES);
        PatientIndexSearch.Hit after = cursor == null ? null : after(query.sort(), cursor);
        int before = cursor == null ? 0 : parseCount(cursor.get(4));
        List<ClinicDirectory.ClinicRef> every = clinics.allInTransaction();
        List<Long> clinicIds = clinicIds(caller, query.clinicCode(), every);
        // A caller who sees every clinic needs no clinic filter in the index: it would match every document, and a
        // filter on the clinic id points builds a set of every document for each search. The page read below still
        // scopes the rows to the caller's clinics, under row-level security.
        PatientIndexSearch.ClinicFilter filter = clinicIds.size() == every.size() ? PatientIndexSearch.ClinicFilter.OFF
                : clinicFilter;

        Comparator<PatientIndexSearch.Hit> order = PatientIndexSearch.order(query.sort());
        int wanted = query.limit() + 1;
        int fetch = before + wanted;
        List<PatientIndexSearch.Hit> rest;
        while (true) {
            List<PatientIndexSearch.Hit> top = index.top(query, clinicIds, filter, fetch);
            rest = after == null ? top : top.stream().filter(hit -> order.compare(hit, after) > 0).toList();
            if (rest.size() >= wanted || top.size() < fetch) {
                break;
            }
            fetch *= 2;
        }
        boolean more = rest.size() > query.limit();
        List<PatientIndexSearch.Hit> page = more ? rest.subList(0, query.limit()) : rest;

        List<PatientHit> items = rows(caller, page, !query.nameTokens().isEmpty());
        String next = null;
        if (more) {
            List<String> values = new ArrayList<>(page.get(page.size() - 1).cursorValues(query.sort()));
            values.add(String.valueOf(before + page.size()));
            next = cursors.encode(caller, fingerprint, values);
        }
        return new Page<>(items, next);
    }

    /** The page's rows from PostgreSQL, in the index's order, with the index's scores. */
    private List<PatientHit> rows(CallerScope caller, List<PatientIndexSearch.Hit> page, boolean scored) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<Long> ids = page.stream().map(PatientIndexSearch.Hit::id).toList();
        List<PatientSearchService.Row> rows = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            RowSecurity.bind(connection, caller);
            return PatientSearchService.run(connection, PatientSearchSql.byIds(ids, List.copyOf(caller.clinics())));
        });
        Map<Long, PatientHit> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.hit().id(), row.hit()));
        List<PatientHit> items = new ArrayList<>(page.size());
        for (PatientIndexSearch.Hit hit : page) {
            PatientHit row = byId.get(hit.id());
            if (row != null) {
                items.add(new PatientHit(row.id(), row.clinic(), row.mrn(), row.firstName(), row.middleName(),
                        row.lastName(), row.dateOfBirth(), row.gender(), row.status(), row.phone(), row.email(),
                        scored ? hit.reportedScore() : null));
            }
        }
        return items;
    }

    /** Another clinic's code is answered like an unknown one, as on the SQL path (ClinicDirectory's one rule). */
    private List<Long> clinicIds(CallerScope caller, String clinicCode, List<ClinicDirectory.ClinicRef> every) {
        return clinicCode == null ? ClinicDirectory.ids(caller, every) : List.of(clinics.visible(caller, clinicCode).getId());
    }

    /** Cursors are signed, so a value that does not parse can only come from an older cursor format. */
    private static PatientIndexSearch.Hit after(PatientSort sort, List<String> values) {
        try {
            long id = Long.parseLong(values.get(3));
            return switch (sort) {
                case RELEVANCE -> new PatientIndexSearch.Hit(id, Integer.parseInt(values.get(0)), values.get(1), values.get(2), null);
                case NAME -> new PatientIndexSearch.Hit(id, 0, values.get(1), values.get(2), null);
                case RECENT -> new PatientIndexSearch.Hit(id, 0, values.get(1), values.get(2), Instant.parse(values.get(0)));
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
    }

    private static int parseCount(String value) {
        try {
            return Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
    }
}
