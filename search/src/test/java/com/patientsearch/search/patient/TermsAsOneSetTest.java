package com.patientsearch.search.patient;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** A tier's terms read as one set of documents match exactly what Lucene's own constant-score rewrite matches. */
class TermsAsOneSetTest {

    private static final List<String> NAMES = List.of("smith", "smyth", "smit", "smiths", "schmidt", "smithe", "snith",
            "john", "jon", "joan", "johan", "jonh", "jean", "juan", "bob", "robert", "rob", "bobby", "robin");

    @Test
    void matchesWhatLucenesRewriteMatches() throws IOException {
        Random random = new Random(11);
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
                for (int i = 0; i < 2000; i++) {
                    Document document = new Document();
                    document.add(new StringField("name", NAMES.get(random.nextInt(NAMES.size())), Field.Store.NO));
                    writer.addDocument(document);
                    if (i % 500 == 499) {
                        writer.commit(); // several segments
                    }
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int matched = 0;
                // few terms (Lucene would keep them as a disjunction), many, and none
                for (String word : List.of("smith", "jonh", "smiht", "zzzz")) {
                    for (int maxEdits = 1; maxEdits <= 2; maxEdits++) {
                        int edits = maxEdits;
                        Function<MultiTermQuery.RewriteMethod, Query> fuzzy =
                                rewrite -> LevenshteinDfa.query(new Term("name", word), edits, 0, rewrite);
                        int[] ours = docs(searcher, fuzzy.apply(TermsAsOneSet.INSTANCE));
                        assertThat(ours).as("%s within %d", word, edits)
                                .isEqualTo(docs(searcher, fuzzy.apply(MultiTermQuery.CONSTANT_SCORE_REWRITE)));
                        matched += ours.length;
                    }
                }
                List<BytesRef> nicknames = List.of(new BytesRef("bob"), new BytesRef("rob"), new BytesRef("bobby"));
                assertThat(docs(searcher, new TermInSetQuery(TermsAsOneSet.INSTANCE, "name", nicknames)))
                        .isEqualTo(docs(searcher, new TermInSetQuery(MultiTermQuery.CONSTANT_SCORE_REWRITE, "name", nicknames)))
                        .isNotEmpty();
                assertThat(matched).isGreaterThan(1000);
            }
        }
    }

    private static int[] docs(IndexSearcher searcher, Query query) throws IOException {
        return Arrays.stream(searcher.search(query, Integer.MAX_VALUE).scoreDocs).mapToInt(doc -> doc.doc).sorted().toArray();
    }
}
