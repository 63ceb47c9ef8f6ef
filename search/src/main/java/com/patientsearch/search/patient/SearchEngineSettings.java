package com.patientsearch.search.patient;

import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import com.patientsearch.search.opensearch.OpenSearchBackendSettings;
import io.micronaut.configuration.hibernate.jpa.JpaConfiguration;
import io.micronaut.configuration.hibernate.jpa.conf.settings.SettingsSupplier;
import jakarta.inject.Singleton;
import org.hibernate.search.engine.cfg.spi.EngineSpiSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that turns {@code search.engine} into Hibernate Search settings. postgres: Hibernate Search is off
 * (no index, no indexing cost on writes). lucene: an embedded index on local disk. opensearch: the Elasticsearch
 * backend pointed at OpenSearch (its settings are added here too). A key set under {@code jpa.default.properties}
 * wins, as for the other suppliers.
 *
 * <p>Writes through Hibernate are indexed in the same request with the {@code sync} strategy: the transaction's
 * commit waits for the index commit and refresh, so the next search sees the change (costs a Lucene commit, an fsync,
 * per writing transaction).
 */
@Singleton
class SearchEngineSettings implements SettingsSupplier {

    static final String PREFIX = "hibernate.search.";

    private final SearchEngineProperties search;
    private final EmbeddedPostgresProperties embedded;
    private final OpenSearchBackendSettings openSearch;

    SearchEngineSettings(SearchEngineProperties search, EmbeddedPostgresProperties embedded,
                         OpenSearchBackendSettings openSearch) {
        this.search = search;
        this.embedded = embedded;
        this.openSearch = openSearch;
    }

    @Override
    public Map<String, Object> supply(JpaConfiguration jpaConfiguration) {
        Map<String, Object> settings = new LinkedHashMap<>();
        SearchEngine engine = search.engine();
        if (!engine.indexed()) {
            settings.put(PREFIX + "enabled", "false");
        } else {
            settings.put(PREFIX + "mapping.configurer", PatientIndexConfigurer.class.getName());
            // Its own threads (outbox event processors) read patients in sessions of their own: IndexingConnections
            // binds every clinic to the connections those threads take, and only to those.
            settings.put(EngineSpiSettings.THREAD_PROVIDER, new IndexingThreads());
            if (engine == SearchEngine.LUCENE && search.getLucene().outboxPolling()) {
                // Writes go to the outbox table in the writing transaction; an event processor indexes them later
                // (asynchronously: no synchronization strategy applies). Tables: liquibase 130.
                settings.put(PREFIX + "coordination.strategy", "outbox-polling");
            } else {
                settings.put(PREFIX + "indexing.plan.synchronization.strategy", "sync");
            }
            if (engine == SearchEngine.LUCENE) {
                settings.put(PREFIX + "backend.type", "lucene");
                settings.put(PREFIX + "backend.analysis.configurer", PatientIndexConfigurer.class.getName());
                settings.put(PREFIX + "backend.lucene_version", "LUCENE_9_11_1");
                if (search.getLucene().inMemory()) {
                    settings.put(PREFIX + "backend.directory.type", "local-heap");
                } else {
                    java.nio.file.Path root = search.getLucene().path(embedded.getDataDirectory()).toAbsolutePath();
                    LuceneIndexCheck.removeEarlierLayouts(root);
                    LuceneIndexCheck.wipeIfUnreadable(root.resolve(PatientIndexConfigurer.INDEX));
                    settings.put(PREFIX + "backend.directory.type", "local-filesystem");
                    settings.put(PREFIX + "backend.directory.root", root.toString());
                }
            } else if (engine == SearchEngine.OPENSEARCH) {
                settings.putAll(openSearch.settings());
            }
        }
        Map<String, Object> configured = jpaConfiguration.getProperties();
        settings.keySet().removeIf(configured::containsKey);
        return settings;
    }
}
