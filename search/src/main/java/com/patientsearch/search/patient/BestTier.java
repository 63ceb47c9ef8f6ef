package com.patientsearch.search.patient;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManagerFactory;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.hibernate.search.backend.elasticsearch.ElasticsearchExtension;
import org.hibernate.search.backend.lucene.LuceneBackend;
import org.hibernate.search.backend.lucene.LuceneExtension;
import org.hibernate.search.engine.search.predicate.SearchPredicate;
import org.hibernate.search.engine.search.predicate.dsl.BooleanPredicateClausesStep;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.mapper.orm.Search;

import java.util.ArrayList;
import java.util.List;

import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_ANALYZER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PHONETIC;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PHONETIC_ANALYZER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PREFIX;

/**
 * A query word scored by the best tier it matches, as one disjunction-max of constant-score tiers: each tier's
 * matches are computed once. The Hibernate Search DSL has no dis_max; its boolean predicates can only say "best tier"
 * by making each tier exclude every tier above it, which expands a word's fuzzy terms again for each tier below them.
 * So this builds the backend's own query: a Lucene {@code DisjunctionMaxQuery}, or an OpenSearch {@code dis_max}
 * (tie breaker 0 in both: the score is the best tier's weight, exactly the sum of the exclusive tiers).
 */
@Singleton
class BestTier {

    /** The terms of a nickname or typo tier as one set of documents. */
    private static final MultiTermQuery.RewriteMethod TIER_TERMS = TermsAsOneSet.INSTANCE;

    private final SearchEngineProperties properties;
    private final EntityManagerFactory entityManagerFactory;
    private volatile LuceneAnalyzers analyzers;

    BestTier(SearchEngineProperties properties, EntityManagerFactory entityManagerFactory) {
        this.properties = properties;
        this.entityManagerFactory = entityManagerFactory;
    }

    /** A query word and its tiers, best first. */
    record Word(String token, List<WordTier> tiers) {
    }

    SearchPredicate of(SearchPredicateFactory f, Word word) {
        return properties.engine() == SearchEngine.OPENSEARCH
                ? f.extension(ElasticsearchExtension.get()).fromJson(disMax(word.token(), word.tiers())).toPredicate()
                : f.extension(LuceneExtension.get()).fromLuceneQuery(disjunctionMax(word.token(), word.tiers())).toPredicate();
    }

    /**
     * Every word, each scored by its best tier; the score is their sum. On Lucene one {@link AllWordsQuery}, which
     * drops the tiers of a word that can no longer lift a hit onto the page.
     */
    SearchPredicate allOf(SearchPredicateFactory f, List<Word> words) {
        if (words.size() == 1) {
            return of(f, words.get(0));
        }
        if (properties.engine() == SearchEngine.OPENSEARCH) {
            BooleanPredicateClausesStep<?> all = f.bool();
            words.forEach(word -> all.must(of(f, word)));
            return all.toPredicate();
        }
        List<Query> queries = words.stream().map(word -> disjunctionMax(word.token(), word.tiers())).toList();
        return f.extension(LuceneExtension.get()).fromLuceneQuery(new AllWordsQuery(queries)).toPredicate();
    }

    private Query disjunctionMax(String token, List<WordTier> tiers) {
        LuceneAnalyzers lucene = luceneAnalyzers();
        List<Query> disjuncts = new ArrayList<>(tiers.size());
        for (WordTier tier : tiers) {
            Query matches = switch (tier.kind()) {
                case EXACT -> analyzed(new QueryBuilder(lucene.name()), NAME, token);
                case PREFIX -> analyzed(new QueryBuilder(lucene.name()), NAME_PREFIX, token);
                case NICKNAME -> new TermInSetQuery(TIER_TERMS, NAME,
                        tier.terms().stream().map(BytesRef::new).toList());
                case FUZZY -> analyzed(new FuzzyQueryBuilder(lucene.name(), tier.maxEdits(), tier.exactPrefix()), NAME, token);
                case PHONETIC -> analyzed(new QueryBuilder(lucene.phonetic()), NAME_PHONETIC, token);
            };
            disjuncts.add(new BoostQuery(new ConstantScoreQuery(matches), tier.weight()));
        }
        return new DisjunctionMaxQuery(disjuncts, 0f);
    }

    /** The word through the field's search analyzer, as Hibernate Search's match predicate reads it. */
    private static Query analyzed(QueryBuilder builder, String field, String token) {
        Query query = builder.createBooleanQuery(field, token);
        return query == null ? new MatchNoDocsQuery("no term left after analysis") : query;
    }

    private static JsonObject disMax(String token, List<WordTier> tiers) {
        JsonArray queries = new JsonArray();
        for (WordTier tier : tiers) {
            JsonObject filter = switch (tier.kind()) {
                case EXACT -> match(NAME, token);
                case PREFIX -> match(NAME_PREFIX, token);
                case NICKNAME -> {
                    JsonArray names = new JsonArray();
                    tier.terms().forEach(names::add);
                    yield object("terms", object(NAME, names));
                }
                case FUZZY -> {
                    JsonObject match = match(NAME, token);
                    JsonObject options = match.getAsJsonObject("match").getAsJsonObject(NAME);
                    options.addProperty("fuzziness", tier.maxEdits());
                    options.addProperty("prefix_length", tier.exactPrefix());
                    // every term within the distance, like the Lucene side (not the 50 best)
                    options.addProperty("fuzzy_rewrite", "constant_score");
                    yield match;
                }
                case PHONETIC -> match(NAME_PHONETIC, token);
            };
            JsonObject constantScore = object("filter", filter);
            constantScore.addProperty("boost", tier.weight());
            queries.add(object("constant_score", constantScore));
        }
        JsonObject disMax = object("queries", queries);
        disMax.addProperty("tie_breaker", 0);
        return object("dis_max", disMax);
    }

    private static JsonObject match(String field, String token) {
        JsonObject options = new JsonObject();
        options.addProperty("query", token);
        return object("match", object(field, options));
    }

    private static JsonObject object(String name, JsonElement value) {
        JsonObject object = new JsonObject();
        object.add(name, value);
        return object;
    }

    private LuceneAnalyzers luceneAnalyzers() {
        LuceneAnalyzers known = analyzers;
        if (known == null) {
            LuceneBackend backend = Search.mapping(entityManagerFactory).backend().unwrap(LuceneBackend.class);
            known = new LuceneAnalyzers(analyzer(backend, NAME_ANALYZER), analyzer(backend, NAME_PHONETIC_ANALYZER));
            analyzers = known;
        }
        return known;
    }

    private static Analyzer analyzer(LuceneBackend backend, String name) {
        return backend.analyzer(name).orElseThrow(() -> new IllegalStateException("no analyzer " + name));
    }

    /** The search analyzers of the name fields (name_prefix is searched with the name analyzer). */
    private record LuceneAnalyzers(Analyzer name, Analyzer phonetic) {
    }

    /**
     * Each analyzed term as every term within {@code maxEdits} edits (a swap counts one) after its first
     * {@code exactPrefix} letters: one Levenshtein automaton of that distance, matched at constant score. (A
     * {@code FuzzyQuery} would also build the automata of every smaller distance, to score terms it keeps the 50 best
     * of; a tier's score is constant, and the SQL path keeps every variant.)
     */
    private static final class FuzzyQueryBuilder extends QueryBuilder {

        private final int maxEdits;
        private final int exactPrefix;

        FuzzyQueryBuilder(Analyzer analyzer, int maxEdits, int exactPrefix) {
            super(analyzer);
            this.maxEdits = maxEdits;
            this.exactPrefix = exactPrefix;
        }

        @Override
        protected Query newTermQuery(Term term, float boost) {
            return LevenshteinDfa.query(term, maxEdits, exactPrefix, TIER_TERMS);
        }
    }
}
