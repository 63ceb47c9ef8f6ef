package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import com.patientsearch.domain.patient.PatientStatus;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.BytesRef;
import org.hibernate.search.backend.lucene.LuceneExtension;
import org.hibernate.search.backend.lucene.search.query.LuceneSearchResult;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

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
 * right). A word counts once, at its best tier ({@link BestTier}); whole numbers add up exactly in floating point, so
 * equal matches tie and are ordered by name like the SQL path.
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
    private final BestTier bestTier;
    private final SearchEngineProperties properties;

    PatientIndexSearch(EntityManager entityManager, BestTier bestTier, SearchEngineProperties properties) {
        this.entityManager = entityManager;
        this.bestTier = bestTier;
        this.properties = properties;
    }

    /** The first {@code count} matches in the engine's order. */
    List<Hit> top(PatientSearchQuery query, Collection<Long> clinicIds, ClinicFilter clinicFilter, int count) {
        if (query.sort() == PatientSort.RELEVANCE && query.nameTokens().size() == 1) {
            return topOfOneWord(query, clinicIds, clinicFilter, count);
        }
        return fetch(f -> {
            BooleanPredicateClausesStep<?> bool = filters(f, query, clinicIds, clinicFilter);
            if (query.nameTokens().isEmpty()) {
                return bool.must(f.matchAll());
            }
            List<BestTier.Word> words = new ArrayList<>(query.nameTokens().size());
            for (int i = 0; i < query.nameTokens().size(); i++) {
                String token = query.nameTokens().get(i);
                words.add(new BestTier.Word(token, tiers(token, completed(query, i))));
            }
            return bool.must(bestTier.allOf(f, words));
        }, query.sort(), count, -1);
    }

    /**
     * One word (what a front desk types first): its tiers are disjoint and every hit of a tier outranks every hit of
     * the tiers below. The exact and completion tiers, single terms that fill the page of a common name or a short
     * prefix, are asked in turn, each in name order (the order among equal scores); if the page is still not full,
     * the tiers below (nicknames, typos, sound-alikes) are asked at once, by score then name. The same hits in the
     * same order as the whole query, without matching every bearer of a common name against the tiers below the one
     * that fills the page, and at most one fuzzy expansion per tier for a rare word.
     */
    private List<Hit> topOfOneWord(PatientSearchQuery query, Collection<Long> clinicIds, ClinicFilter clinicFilter,
                                   int count) {
        String token = query.nameTokens().get(0);
        List<WordTier> tiers = tiers(token, true);
        int singleTerms = (int) tiers.stream()
                .takeWhile(t -> t.kind() == WordTier.Kind.EXACT || t.kind() == WordTier.Kind.PREFIX).count();
        List<Hit> hits = new ArrayList<>(count);
        for (int i = 0; i < singleTerms && hits.size() < count; i++) {
            int tier = i;
            hits.addAll(fetch(f -> filters(f, query, clinicIds, clinicFilter).must(tier(f, token, tiers, tier)),
                    PatientSort.NAME, count - hits.size(), tiers.get(i).weight()));
        }
        if (hits.size() < count && singleTerms < tiers.size()) {
            List<WordTier> below = tiers.subList(singleTerms, tiers.size());
            hits.addAll(fetch(f -> excludingAbove(filters(f, query, clinicIds, clinicFilter)
                            .must(bestTier.of(f, new BestTier.Word(token, below))), f, token, tiers, singleTerms),
                    PatientSort.RELEVANCE, count - hits.size(), -1));
        }
        return hits;
    }

    /** @param score the score of every hit, or -1: the engine's */
    private List<Hit> fetch(Function<SearchPredicateFactory, PredicateFinalStep> where, PatientSort sort, int count,
                            int score) {
        return properties.engine() == SearchEngine.LUCENE ? fetchSortValues(where, sort, count, score)
                : fetchProjected(where, sort, count, score);
    }

    /**
     * Lucene: the sort values come with each hit (the top documents' {@code FieldDoc}s), so only the id is projected
     * (from doc values) and no stored field is read. They are the values the engine sorted by: an instant to the
     * millisecond, as its doc values hold it.
     */
    private List<Hit> fetchSortValues(Function<SearchPredicateFactory, PredicateFinalStep> where, PatientSort sort,
                                      int count, int score) {
        LuceneSearchResult<Long> result = Search.session(entityManager).search(Patient.class)
                .extension(LuceneExtension.get())
                .select(f -> f.id(Long.class))
                .where(where::apply)
                .sort(f -> sort(f, sort))
                // the total is never shown: an exact count would stop Lucene skipping blocks no hit of the page is in
                .totalHitCountThreshold(count)
                .fetch(count);
        // no top documents when nothing was collected (an empty index)
        ScoreDoc[] docs = result.topDocs() == null ? new ScoreDoc[0] : result.topDocs().scoreDocs;
        if (docs.length != result.hits().size()) {
            throw new IllegalStateException("the engine gave " + result.hits().size() + " hits and " + docs.length
                    + " top documents");
        }
        List<Hit> hits = new ArrayList<>(docs.length);
        for (int i = 0; i < docs.length; i++) {
            Object[] values = ((FieldDoc) docs[i]).fields;
            long id = result.hits().get(i);
            hits.add(switch (sort) {
                case RELEVANCE -> new Hit(id, score >= 0 ? score : Math.round((Float) values[0]), text(values[1]),
                        text(values[2]), null);
                case NAME -> new Hit(id, Math.max(score, 0), text(values[0]), text(values[1]), null);
                // the names are not sort values here; the order and the cursor compare the instant and the id
                case RECENT -> new Hit(id, 0, "", "", Instant.ofEpochMilli((Long) values[0]));
            });
        }
        return hits;
    }

    private static String text(Object sortValue) {
        return sortValue instanceof BytesRef bytes ? bytes.utf8ToString() : sortValue == null ? "" : sortValue.toString();
    }

    private List<Hit> fetchProjected(Function<SearchPredicateFactory, PredicateFinalStep> where, PatientSort sort,
                                     int count, int score) {
        List<List<?>> rows = Search.session(entityManager).search(Patient.class)
                .select(f -> f.composite(f.id(Long.class), f.score(), f.field(LAST_SORT, String.class),
                        f.field(FIRST_SORT, String.class), f.field(UPDATED_AT, Instant.class)))
                .where(where::apply)
                .sort(f -> sort(f, sort))
                .fetchHits(count);
        List<Hit> hits = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            hits.add(new Hit((Long) row.get(0), score >= 0 ? score : Math.round((Float) row.get(1)), (String) row.get(2),
                    (String) row.get(3), (Instant) row.get(4)));
        }
        return hits;
    }

    /** The last word is the one being typed, and a fragment of 3 letters or less anywhere: both are completed. */
    private static boolean completed(PatientSearchQuery query, int i) {
        return i == query.nameTokens().size() - 1 || query.nameTokens().get(i).length() <= PREFIX_MAX_LENGTH;
    }

    private static BooleanPredicateClausesStep<?> filters(SearchPredicateFactory f, PatientSearchQuery query,
                                                       Collection<Long> clinicIds, ClinicFilter clinicFilter) {
        BooleanPredicateClausesStep<?> bool = f.bool();
        if (clinicFilter == ClinicFilter.ON) {
            bool.filter(f.terms().field(CLINIC_ID).matchingAny(clinicIds));
        }
        // The default (all but merged) as "not merged": a filter matching nearly every document costs the
        // conjunction a step for each of them; the few merged ones are cheap to skip.
        Set<PatientStatus> excluded = query.statuses().isEmpty() ? EnumSet.allOf(PatientStatus.class)
                : EnumSet.complementOf(EnumSet.copyOf(query.statuses()));
        if (excluded.isEmpty()) {
            // every status: nothing to filter
        } else if (excluded.size() < query.statuses().size()) {
            bool.mustNot(f.terms().field(STATUS).matchingAny(excluded));
        } else {
            bool.filter(f.terms().field(STATUS).matchingAny(query.statuses()));
        }
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

    /** The tiers of a query word, best first. */
    private static List<WordTier> tiers(String token, boolean completed) {
        List<WordTier> tiers = new ArrayList<>();
        tiers.add(WordTier.of(WordTier.Kind.EXACT, EXACT));
        if (completed) {
            tiers.add(WordTier.of(WordTier.Kind.PREFIX, PREFIX));
        }
        Set<String> nicknames = Nicknames.standard().of(token);
        if (!nicknames.isEmpty()) {
            tiers.add(new WordTier(WordTier.Kind.NICKNAME, NICKNAME, 0, 0, nicknames));
        }
        int maxEdits = TokenVariants.maxEdits(token);
        if (maxEdits >= 1) {
            tiers.add(new WordTier(WordTier.Kind.FUZZY, ONE_EDIT, 1, 0, Set.of()));
        }
        if (token.length() >= SOUND_ALIKE_MIN_LENGTH) {
            tiers.add(WordTier.of(WordTier.Kind.PHONETIC, SOUND_ALIKE));
        }
        if (maxEdits >= 2) {
            tiers.add(new WordTier(WordTier.Kind.FUZZY, TWO_EDITS, 2, 1, Set.of()));
        }
        return tiers;
    }

    /**
     * What matches a single-term tier of a word (exact or completion), without the exclusions; the other tiers are
     * only ever asked through {@link BestTier}, which holds what they match.
     */
    private static SearchPredicate matches(SearchPredicateFactory f, String token, WordTier tier) {
        return switch (tier.kind()) {
            case EXACT -> f.match().field(NAME).matching(token).toPredicate();
            case PREFIX -> f.match().field(NAME_PREFIX).matching(token).toPredicate();
            default -> throw new IllegalArgumentException("a " + tier.kind() + " tier is asked through BestTier");
        };
    }

    /** Tier {@code i} of a word: its matches that no tier above matches (a word counts once, at its best). */
    private static SearchPredicate tier(SearchPredicateFactory f, String token, List<WordTier> tiers, int i) {
        return excludingAbove(f.bool().must(matches(f, token, tiers.get(i))), f, token, tiers, i).toPredicate();
    }

    /** {@code bool} without the matches of the word's tiers above tier {@code i} (single-term tiers only). */
    private static BooleanPredicateClausesStep<?> excludingAbove(BooleanPredicateClausesStep<?> bool,
                                                                 SearchPredicateFactory f, String token,
                                                                 List<WordTier> tiers, int i) {
        for (int above = 0; above < i; above++) {
            bool.mustNot(matches(f, token, tiers.get(above)));
        }
        return bool;
    }

    private static SortFinalStep sort(SearchSortFactory f, PatientSort sort) {
        return switch (sort) {
            case RELEVANCE -> f.composite(c -> c.add(f.score()).add(f.field(LAST_SORT)).add(f.field(FIRST_SORT)).add(f.field(ID)));
            case NAME -> f.composite(c -> c.add(f.field(LAST_SORT)).add(f.field(FIRST_SORT)).add(f.field(ID)));
            case RECENT -> f.composite(c -> c.add(f.field(UPDATED_AT).desc()).add(f.field(ID).desc()));
        };
    }
}
