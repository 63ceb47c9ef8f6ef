package com.patientsearch.search.opensearch;

import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurationContext;
import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurer;

import static com.patientsearch.search.patient.PatientIndexConfigurer.APOSTROPHES;
import static com.patientsearch.search.patient.PatientIndexConfigurer.LOWERCASE_NORMALIZER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_ANALYZER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PHONETIC_ANALYZER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.NAME_PREFIX_ANALYZER;
import static com.patientsearch.search.patient.PatientIndexConfigurer.WORD_SPLIT;

/**
 * The patient index's analyzers of {@code PatientIndexConfigurer} (Lucene) in the cluster's own terms, name for name
 * and step for step, so both engines tokenise a name alike: the same pattern split and apostrophe removal,
 * {@code lowercase}, {@code asciifolding}, then edge n-grams of 1 to 20 letters or Double Metaphone codes (the
 * {@code phonetic} filter of the analysis-phonetic plugin) with the same lengths.
 */
public final class OpenSearchAnalysisConfigurer implements ElasticsearchAnalysisConfigurer {

    private static final String WORDS = "ps_words";
    private static final String NO_APOSTROPHES = "ps_no_apostrophes";
    private static final String EDGE_NGRAMS = "ps_edge_ngrams";
    private static final String DOUBLE_METAPHONE = "ps_double_metaphone";

    @Override
    public void configure(ElasticsearchAnalysisConfigurationContext context) {
        context.tokenizer(WORDS).type("pattern").param("pattern", WORD_SPLIT);
        context.charFilter(NO_APOSTROPHES).type("pattern_replace")
                .param("pattern", APOSTROPHES).param("replacement", "");
        context.tokenFilter(EDGE_NGRAMS).type("edge_ngram").param("min_gram", 1).param("max_gram", 20);
        // replace=true: the codes replace the words (the words have their own field), as inject=false on Lucene
        context.tokenFilter(DOUBLE_METAPHONE).type("phonetic")
                .param("encoder", "double_metaphone").param("replace", true).param("max_code_len", 6);

        context.analyzer(NAME_ANALYZER).custom().tokenizer(WORDS).charFilters(NO_APOSTROPHES)
                .tokenFilters("lowercase", "asciifolding");
        context.analyzer(NAME_PREFIX_ANALYZER).custom().tokenizer(WORDS).charFilters(NO_APOSTROPHES)
                .tokenFilters("lowercase", "asciifolding", EDGE_NGRAMS);
        context.analyzer(NAME_PHONETIC_ANALYZER).custom().tokenizer(WORDS).charFilters(NO_APOSTROPHES)
                .tokenFilters("lowercase", "asciifolding", DOUBLE_METAPHONE);
        context.normalizer(LOWERCASE_NORMALIZER).custom().tokenFilters("lowercase");
    }
}
