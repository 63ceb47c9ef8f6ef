package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.search.engine.search.predicate.SearchPredicate;
import org.hibernate.search.engine.search.predicate.dsl.BooleanPredicateClausesStep;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.engine.search.sort.dsl.SortFinalStep;
import org.hibernate.search.engine.search.sort.dsl.SearchSortFactory;
import org.hibernate.search.mapper.orm.Search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static com.patientsearch.search.patient.PatientIndexConfigurer.CLINIC_ID;
import static com.patientsearch.search.patient.PatientIndexConfigurer.CONTACTS;
import static com.patientsearch.search.patient.PatientIndexConfigurer.DATE_OF_BIRTH;
import static com.patientsearch.search.patient.PatientIndexConfigurer.EMAIL;
import static com.patientsearch.search.patient.PatientIndexConfigurer.FIRST_SORT;
import static com.patientsearch.search.patient.PatientIndexConfigurer.GENDER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.ID;
import static com.patientsearch.search.patient.PatientIndexConfigurer.LAST_SORT;
import static com.patientsearch.search.patient.PatientIndexConfigurer.MRN;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PHONETIC;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PREFIX;
import static com.patientsearch.search.patient.PatientIndexConfigurer.PHONE_REVERSED;
import static com.patientsearch.search.patient.PatientIndexConfigurer.STATUS;
import static com.patientsearch.search.patient.PatientIndexConfigurer.UPDATED_AT;

/**
 * A patient search on the Hibernate Search index (lucene or opensearch): the ids, scores and sort values of the
 * matches in order, never the rows (PatientSearchService loads those from PostgreSQL under row-level security).
 *
 * <p>Scores follow the SQL path's tiers, per query word the best of: exact 10, completion of the word being typed 8,
 * nickname 6, one edit or swap 4, sound-alike (Double Metaphone, words of 4+ letters) 3, two edits 2 (first letter
 * right). Each tier is a constant score that excludes the tiers above it, so a word counts once, at its best match;
 * whole numbers add up exactly in floating point, so equal matches tie and are ordered by name like the SQL path.
 * Scores are reported divided by 10 (1.0 for an exact word), the SQL path's scale.
 */
@Singleton
class PatientIndexSearch {

    static final int EXACT = 10;
    static final int PREFIX = 8;
    static final int NICKNAME = 6;
    static final int ONE_EDIT = 4;
    static final int SOUND_ALIKE = 3;
    static final int TWO_EDITS = 2;
    static final int SOUND_ALIKE_MIN_LENGTH = 4;
    private static final int PREFIX_MAX_LENGTH = 3;

    /** A match: the document id, its score (tier sum) and its sort values. */
    record Hit(long id, int score, String last, String first, Instant updatedAt) {

        /** 4 cursor values, the slots the SQL path uses: (score or updated, last, first, id). */
        List<String> cursorValues(PatientSort sort) {
            return List.of(sort == PatientSort.RECENT ? updatedAt.toString() : String.valueOf(score),
                    last, first, String.valueOf(id));
        }

        double reportedScore() {
            return score / 10.0;
        }
    }

    /** The sort of a search as a comparator of hits, to find the rows after a cursor exactly as the engine sorts. */
    static Comparator<Hit> order(PatientSort sort) {
        Comparator<Hit> byName = Comparator.comparing(Hit::last).thenComparing(Hit::first).thenComparingLong(Hit::id);
        return switch (sort) {
            case RELEVANCE -> Comparator.comparingInt(Hit::score).reversed().thenComparing(byName);
            case NAME -> byName;
            case RECENT -> Comparator.comparing(Hit::updatedAt).thenComparingLong(Hit::id).reversed();
        };
    }

    /** Whether the index filters by the caller's clinics; only a test turns it off, to show the database still does. */
    enum ClinicFilter { ON, OFF }

    private final EntityManager entityManager;

    PatientIndexSearch(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The first {@code count} matches in the engine's order. */
    List<Hit> top(PatientSearchQuery query, Collection<Long> clinicIds, ClinicFilter clinicFilter, int count) {
        List<List<?>> rows = Search.session(entityManager).search(Patient.class)
                .select(f -> f.composite(f.id(Long.class), f.score(), f.field(LAST_SORT, String.class),
                        f.field(FIRST_SORT, String.class), f.field(UPDATED_AT, Instant.class)))
                .where(f -> predicate(f, query, clinicIds, clinicFilter))
                .sort(f -> sort(f, query.sort()))
                .fetchHits(count);
        List<Hit> hits = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            hits.add(new Hit((Long) row.get(0), Math.round((Float) row.get(1)), (String) row.get(2), (String) row.get(3),
                    (Instant) row.get(4)));
        }
        return hits;
    }

    private static PredicateFinalStep predicate(SearchPredicateFactory f, PatientSearchQuery query, Collection<Long> clinicIds,
                                             ClinicFilter clinicFilter) {
        BooleanPredicateClausesStep<?> bool = f.bool();
        if (query.nameTokens().isEmpty()) {
            bool.must(f.matchAll());
        }
        for (int i = 0; i < query.nameTokens().size(); i++) {
            boolean completed = i == query.nameTokens().size() - 1 || query.nameTokens().get(i).length() <= PREFIX_MAX_LENGTH;
            bool.must(word(f, query.nameTokens().get(i), completed));
        }
        if (clinicFilter == ClinicFilter.ON) {
            bool.filter(f.terms().field(CLINIC_ID).matchingAny(clinicIds));
        }
        bool.filter(f.terms().field(STATUS).matchingAny(query.statuses()));
        if (query.gender() != null) {
            bool.filter(f.match().field(GENDER).matching(query.gender()));
        }
        if (query.dobFrom() != null) {
            bool.filter(f.range().field(DATE_OF_BIRTH).between(query.dobFrom(), query.dobTo()));
        }
        if (query.mrn() != null) {
            bool.filter(f.match().field(MRN).matching(query.mrn()));
        }
        if (query.phoneDigits() != null) {
            String reversed = new StringBuilder(query.phoneDigits()).reverse().toString();
            bool.filter(f.wildcard().field(CONTACTS + "." + PHONE_REVERSED).matching(reversed + "*"));
        }
        if (query.email() != null) {
            bool.filter(f.match().field(CONTACTS + "." + EMAIL).matching(query.email()));
        }
        return bool;
    }

    /** One query word: its best tier only (each tier excludes the ones above it). */
    private static SearchPredicate word(SearchPredicateFactory f, String token, boolean completed) {
        List<SearchPredicate> tiers = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        tiers.add(f.match().field(NAME).matching(token).toPredicate());
        weights.add(EXACT);
        if (completed) {
            tiers.add(f.match().field(NAME_PREFIX).matching(token).toPredicate());
            weights.add(PREFIX);
        }
        Set<String> nicknames = Nicknames.standard().of(token);
        if (!nicknames.isEmpty()) {
            tiers.add(f.terms().field(NAME).matchingAny(nicknames).toPredicate());
            weights.add(NICKNAME);
        }
        int maxEdits = TokenVariants.maxEdits(token);
        if (maxEdits >= 1) {
            tiers.add(f.match().field(NAME).matching(token).fuzzy(1, 0).toPredicate());
            weights.add(ONE_EDIT);
        }
        if (token.length() >= SOUND_ALIKE_MIN_LENGTH) {
            tiers.add(f.match().field(NAME_PHONETIC).matching(token).toPredicate());
            weights.add(SOUND_ALIKE);
        }
        if (maxEdits >= 2) {
            tiers.add(f.match().field(NAME).matching(token).fuzzy(2, 1).toPredicate());
            weights.add(TWO_EDITS);
        }
        BooleanPredicateClausesStep<?> best = f.bool();
        for (int i = 0; i < tiers.size(); i++) {
            BooleanPredicateClausesStep<?> tier = f.bool().must(tiers.get(i));
            for (int above = 0; above < i; above++) {
                tier.mustNot(tiers.get(above));
            }
            best.should(tier.constantScore().boost(weights.get(i)));
        }
        return best.toPredicate();
    }

    private static SortFinalStep sort(SearchSortFactory f, PatientSort sort) {
        return switch (sort) {
            case RELEVANCE -> f.composite(c -> c.add(f.score()).add(f.field(LAST_SORT)).add(f.field(FIRST_SORT)).add(f.field(ID)));
            case NAME -> f.composite(c -> c.add(f.field(LAST_SORT)).add(f.field(FIRST_SORT)).add(f.field(ID)));
            case RECENT -> f.composite(c -> c.add(f.field(UPDATED_AT).desc()).add(f.field(ID).desc()));
        };
    }
}
