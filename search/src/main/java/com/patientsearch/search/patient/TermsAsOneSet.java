package com.patientsearch.search.patient;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.DocIdSetBuilder;

import java.io.IOException;

/**
 * A multi-term query (a typo or nickname tier) as one set of documents per segment, however few its terms. Lucene's
 * constant-score rewrites keep up to 16 terms as a disjunction of their postings; a word that does not lead its
 * conjunction ({@link AllWordsQuery}) is advanced once per candidate of the other word, and each advance then steps
 * every term behind the candidate through a priority queue. Reading the tier's postings once costs less.
 */
final class TermsAsOneSet extends MultiTermQuery.RewriteMethod {

    static final TermsAsOneSet INSTANCE = new TermsAsOneSet();

    private TermsAsOneSet() {
    }

    @Override
    public Query rewrite(IndexReader reader, MultiTermQuery query) {
        return new DocumentSetQuery(query);
    }

    private static final class DocumentSetQuery extends Query {

        private final MultiTermQuery terms;

        DocumentSetQuery(MultiTermQuery terms) {
            this.terms = terms;
        }

        @Override
        public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
            return new ConstantScoreWeight(this, boost) {
                @Override
                public Scorer scorer(LeafReaderContext context) throws IOException {
                    Terms indexed = context.reader().terms(terms.getField());
                    if (indexed == null) {
                        return null;
                    }
                    TermsEnum matching = terms.getTermsEnum(indexed);
                    DocIdSetBuilder documents = new DocIdSetBuilder(context.reader().maxDoc(), indexed);
                    PostingsEnum postings = null;
                    boolean any = false;
                    while (matching.next() != null) {
                        postings = matching.postings(postings, PostingsEnum.NONE);
                        documents.add(postings);
                        any = true;
                    }
                    DocIdSetIterator iterator = any ? documents.build().iterator() : null;
                    return iterator == null ? null : new ConstantScoreScorer(this, score(), scoreMode, iterator);
                }

                @Override
                public boolean isCacheable(LeafReaderContext context) {
                    return true;
                }
            };
        }

        @Override
        public void visit(QueryVisitor visitor) {
            terms.visit(visitor);
        }

        @Override
        public String toString(String field) {
            return terms.toString(field);
        }

        @Override
        public boolean equals(Object other) {
            return sameClassAs(other) && terms.equals(((DocumentSetQuery) other).terms);
        }

        @Override
        public int hashCode() {
            return 31 * classHash() + terms.hashCode();
        }
    }
}
