package com.patientsearch.search.patient;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every query word matches; the score is the sum of the words' scores, as a Lucene {@code BooleanQuery} of required
 * clauses scores it. Unlike that query, it tells each word the least score the word must reach for a hit to stay on
 * the page: the page's lowest score less the most the other words can add. A word's constant-score tiers below that
 * stop matching ({@link BestTier}), so once the page holds "john" exactly with a typo of "williams", the search no
 * longer steps through every sound-alike and typo of "john" for each bearer of a "williams" variant.
 */
final class AllWordsQuery extends Query {

    private final List<Query> words;

    AllWordsQuery(List<Query> words) {
        if (words.size() < 2) {
            throw new IllegalArgumentException("a conjunction needs two words or more, not " + words.size());
        }
        this.words = List.copyOf(words);
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        List<Query> rewritten = new ArrayList<>(words.size());
        boolean changed = false;
        for (Query word : words) {
            Query query = word.rewrite(searcher);
            changed |= query != word;
            rewritten.add(query);
        }
        return changed ? new AllWordsQuery(rewritten) : this;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        List<Weight> weights = new ArrayList<>(words.size());
        for (Query word : words) {
            weights.add(searcher.createWeight(word, scoreMode, boost));
        }
        return new AllWordsWeight(this, weights);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        QueryVisitor required = visitor.getSubVisitor(BooleanClause.Occur.MUST, this);
        words.forEach(word -> word.visit(required));
    }

    @Override
    public String toString(String field) {
        StringBuilder text = new StringBuilder("+(");
        for (Query word : words) {
            text.append(text.length() > 2 ? " " : "").append(word.toString(field));
        }
        return text.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && words.equals(((AllWordsQuery) other).words);
    }

    @Override
    public int hashCode() {
        return 31 * classHash() + words.hashCode();
    }

    private static final class AllWordsWeight extends Weight {

        private final List<Weight> words;

        AllWordsWeight(Query query, List<Weight> words) {
            super(query);
            this.words = words;
        }

        @Override
        public Scorer scorer(LeafReaderContext context) throws IOException {
            List<Scorer> scorers = new ArrayList<>(words.size());
            for (Weight word : words) {
                Scorer scorer = word.scorer(context);
                if (scorer == null) {
                    return null;
                }
                scorers.add(scorer);
            }
            return new AllWordsScorer(this, scorers);
        }

        @Override
        public boolean isCacheable(LeafReaderContext context) {
            return words.stream().allMatch(word -> word.isCacheable(context));
        }

        @Override
        public Explanation explain(LeafReaderContext context, int doc) throws IOException {
            List<Explanation> details = new ArrayList<>(words.size());
            double sum = 0;
            for (Weight word : words) {
                Explanation explanation = word.explain(context, doc);
                if (!explanation.isMatch()) {
                    return Explanation.noMatch("a word does not match", explanation);
                }
                details.add(explanation);
                sum += explanation.getValue().doubleValue();
            }
            return Explanation.match((float) sum, "sum of the words:", details);
        }
    }

    private static final class AllWordsScorer extends Scorer {

        private final Scorer[] words;
        private final DocIdSetIterator matches;

        AllWordsScorer(Weight weight, List<Scorer> words) {
            super(weight);
            this.words = words.toArray(Scorer[]::new);
            this.matches = ConjunctionUtils.intersectScorers(words);
        }

        @Override
        public DocIdSetIterator iterator() {
            return matches;
        }

        @Override
        public int docID() {
            return matches.docID();
        }

        @Override
        public float score() throws IOException {
            double sum = 0;
            for (Scorer word : words) {
                sum += word.score();
            }
            return (float) sum;
        }

        @Override
        public float getMaxScore(int upTo) throws IOException {
            double sum = 0;
            for (Scorer word : words) {
                sum += word.getMaxScore(upTo);
            }
            return (float) sum;
        }

        @Override
        public void setMinCompetitiveScore(float minScore) throws IOException {
            double[] best = new double[words.length];
            double bestSum = 0;
            for (int i = 0; i < words.length; i++) {
                best[i] = words[i].getMaxScore(DocIdSetIterator.NO_MORE_DOCS);
                bestSum += best[i];
            }
            for (int i = 0; i < words.length; i++) {
                // rounded down, so that a tier scoring exactly the remainder is never dropped
                float least = Math.nextDown((float) (minScore - (bestSum - best[i])));
                if (least > 0) {
                    words[i].setMinCompetitiveScore(least);
                }
            }
        }

        @Override
        public List<ChildScorable> getChildren() {
            List<ChildScorable> children = new ArrayList<>(words.length);
            for (Scorer word : words) {
                children.add(new ChildScorable(word, "MUST"));
            }
            return children;
        }
    }
}
