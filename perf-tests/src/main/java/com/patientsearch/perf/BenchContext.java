package com.patientsearch.perf;

import java.util.HashMap;
import java.util.Map;

/**
 * The app-context properties every benchmark starts from: the database ({@code -Dbench.db.url} with
 * {@code -Dbench.db.user}/{@code -Dbench.db.password}, or {@code DATASOURCES_DEFAULT_URL}, else the embedded data
 * directory {@code -Dbench.data.dir}), the search engine ({@code -Dbench.engine}: postgres, lucene or opensearch; the
 * lucene index beside the data directory, the opensearch node at {@code -Dbench.opensearch.hosts}), a small pool, and
 * no demo seeding. Callers add their own on the mutable copy.
 */
public final class BenchContext {

    private BenchContext() {
    }

    public static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        String url = System.getProperty("bench.db.url", System.getenv("DATASOURCES_DEFAULT_URL"));
        if (url != null) {
            properties.put("datasources.default.url", url);
            properties.put("datasources.default.username", System.getProperty("bench.db.user", "postgres"));
            properties.put("datasources.default.password", System.getProperty("bench.db.password", ""));
        } else {
            properties.put("embedded-postgres.data-directory", System.getProperty("bench.data.dir",
                    System.getProperty("user.home") + "/.patient-search/pgdata-17"));
        }
        properties.put("search.engine", System.getProperty("bench.engine", "postgres"));
        String openSearch = System.getProperty("bench.opensearch.hosts");
        if (openSearch != null && !openSearch.isBlank()) {
            properties.put("search.opensearch.hosts", openSearch);
            properties.put("search.opensearch.index-prefix", "bench-");
        }
        properties.put("datasources.default.max-size", 4);
        properties.put("demo-data.patients", 0);
        // No WAL archiving into ~/.patient-search/backups and no scheduled base backup in the middle of a measurement.
        properties.put("backup.enabled", false);
        return properties;
    }
}
