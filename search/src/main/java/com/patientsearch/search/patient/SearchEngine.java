package com.patientsearch.search.patient;

import java.util.Locale;

/** Which engine answers a patient search ({@code search.engine}, {@code SEARCH_ENGINE}); docs/search-engines.md. */
public enum SearchEngine {
    /** The SQL path: name dictionary and GIN indexes in PostgreSQL, no index to keep. */
    POSTGRES,
    /** Hibernate Search with an embedded Lucene index on local disk (one node, or several with outbox polling). */
    LUCENE,
    /** Hibernate Search with a shared OpenSearch index. */
    OPENSEARCH;

    public static SearchEngine of(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("search.engine must be one of postgres, lucene, opensearch, not " + value, e);
        }
    }

    /** Whether patients are indexed by Hibernate Search. */
    public boolean indexed() {
        return this != POSTGRES;
    }
}
