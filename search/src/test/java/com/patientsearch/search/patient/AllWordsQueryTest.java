package com.patientsearch.search.patient;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AllWordsQuery finds, scores and orders like a Lucene conjunction of required words, and, once a page's lowest score
 * is known, no longer matches a word's tiers that cannot keep a hit on the page.
 */
class AllWordsQueryTest {

    private static final Sort BY_SCORE_THEN_ID = new Sort(SortField.FIELD_SCORE, new SortField("id", SortField.Type.LONG));

    @Test
    void findsScoresAndOrdersLikeABooleanConjunction() throws IOException {
        List<String> firsts = List.of("john", "jon", "joan", "johan", "jane", "jean", "juan", "johnny", "maria", "mario");
        List<String> lasts = List.of("smith", "smyth", "smit", "smiths", "schmidt", "williams", "willams", "wiliams",
                "william", "garcia", "garza");
        Random random = new Random(7);
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // heavy-tailed like real names: the first of each list is the most common
            names.add(List.of(firsts.get(skewed(random, firsts.size())), lasts.get(skewed(random, lasts.size()))));
        }
        try (ByteBuffersDirectory directory = index(names); DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            int compared = 0;
            for (String first : List.of("jonh", "john", "jaen", "mraia", "jo")) {
                for (String last : List.of("smiht", "smith", "willaims", "garcai", "wil")) {
                    List<Query> words = List.of(word(first, false), word(last, true));
                    for (int page : new int[] {1, 5, 20}) {
                        TopFieldDocs ours = top(searcher, new AllWordsQuery(words), page);
                        TopFieldDocs lucene = top(searcher, conjunction(words), page);
                        assertThat(hits(ours)).as("%s %s, page of %d", first, last, page).isEqualTo(hits(lucene));
                        compared += ours.scoreDocs.length;
                    }
                }
            }
            assertThat(compared).isGreaterThan(500);
        }
    }

    @Test
    void dropsTheTiersOfAWordThatCannotKeepAHitOnThePage() throws IOException {
        List<List<String>> names = List.of(
                List.of("john", "smith"),   // 0: exact 10 + one edit 4 = 14
                List.of("jon", "smith"),    // 1: one edit 4 + one edit 4 = 8
                List.of("john", "smyth"),   // 2: exact 10 + two edits 2 = 12
                List.of("mary", "smith"),   // 3: no first word
                List.of("john", "brown"),   // 4: no last word
                List.of("john", "smith"),   // 5: 14
                List.of("jon", "smyth"));   // 6: 4 + 2 = 6
        try (ByteBuffersDirectory directory = index(names); DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            AllWordsQuery query = new AllWordsQuery(List.of(word("john", false), word("smiht", false)));

            assertThat(visited(searcher, query, 0)).containsExactly(0, 1, 2, 5, 6);
            // "john" must be exact (14 less the 4 "smiht" can add at best); "smiht" must add at least 2
            assertThat(visited(searcher, query, 12)).containsExactly(0, 2, 5);
            // a tier scoring exactly what is left stays: a hit tied with the page's last may still sort before it
            assertThat(visited(searcher, query, 14)).containsExactly(0, 5);
        }
    }

    @Test
    void needsTwoWords() {
        assertThatThrownBy(() -> new AllWordsQuery(List.of(word("john", false))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The documents the scorer still visits once told the page's lowest score ({@code 0}: nothing yet). */
    private static List<Integer> visited(IndexSearcher searcher, Query query, float minScore) throws IOException {
        Scorer scorer = searcher.createWeight(searcher.rewrite(query), ScoreMode.TOP_SCORES, 1f)
                .scorer(searcher.getIndexReader().leaves().get(0));
        if (minScore > 0) {
            scorer.setMinCompetitiveScore(minScore);
        }
        List<Integer> docs = new ArrayList<>();
        for (int doc = scorer.iterator().nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.iterator().nextDoc()) {
            docs.add(doc);
        }
        return docs;
    }

    /** A word's tiers as PatientIndexSearch weighs them: exact 10, completion 8, one edit 4, two edits 2. */
    private static Query word(String token, boolean completed) {
        List<Query> tiers = new ArrayList<>();
        tiers.add(tier(new TermQuery(new Term("name", token)), PatientIndexSearch.EXACT));
        if (completed) {
            tiers.add(tier(new PrefixQuery(new Term("name", token)), PatientIndexSearch.PREFIX));
        }
        tiers.add(tier(fuzzy(token, 1, 0), PatientIndexSearch.ONE_EDIT));
        tiers.add(tier(fuzzy(token, 2, 1), PatientIndexSearch.TWO_EDITS));
        return new DisjunctionMaxQuery(tiers, 0f);
    }

    private static Query fuzzy(String token, int maxEdits, int exactPrefix) {
        return LevenshteinDfa.query(new Term("name", token), maxEdits, exactPrefix, TermsAsOneSet.INSTANCE);
    }

    private static Query tier(Query matches, int weight) {
        return new BoostQuery(new ConstantScoreQuery(matches), weight);
    }

    private static Query conjunction(List<Query> words) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        words.forEach(word -> all.add(word, BooleanClause.Occur.MUST));
        return all.build();
    }

    /** The top of the page as a search with the total capped at the page collects it: scores prune as they rise. */
    private static TopFieldDocs top(IndexSearcher searcher, Query query, int page) throws IOException {
        return searcher.search(query, TopFieldCollector.createSharedManager(BY_SCORE_THEN_ID, page, null, page));
    }

    private static List<String> hits(TopFieldDocs top) {
        List<String> hits = new ArrayList<>();
        for (ScoreDoc doc : top.scoreDocs) {
            hits.add(doc.doc + "@" + ((FieldDoc) doc).fields[0]);
        }
        return hits;
    }

    private static int skewed(Random random, int size) {
        return (int) Math.min(size - 1, Math.floor(-Math.log(1 - random.nextDouble()) * 2));
    }

    private static ByteBuffersDirectory index(List<List<String>> names) throws IOException {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            for (int id = 0; id < names.size(); id++) {
                Document document = new Document();
                names.get(id).forEach(word -> document.add(new StringField("name", word, Field.Store.NO)));
                document.add(new NumericDocValuesField("id", id));
                writer.addDocument(document);
            }
            writer.forceMerge(1);
        }
        return directory;
    }
}
