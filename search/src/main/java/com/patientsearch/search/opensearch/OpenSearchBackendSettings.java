package com.patientsearch.search.opensearch;

import jakarta.inject.Singleton;
import org.hibernate.search.backend.elasticsearch.ElasticsearchVersion;
import org.hibernate.search.backend.elasticsearch.cfg.ElasticsearchBackendSettings;
import org.hibernate.search.backend.elasticsearch.cfg.ElasticsearchIndexSettings;
import org.hibernate.search.engine.cfg.BackendSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.hibernate.search.engine.cfg.BackendSettings.backendKey;

/**
 * The Hibernate Search backend settings of {@code search.engine: opensearch}: the Elasticsearch backend (which speaks
 * to OpenSearch too) against the cluster of {@link OpenSearchProperties}, with the patient analyzers in the cluster's
 * terms ({@link OpenSearchAnalysisConfigurer}). The engine switch ({@code SearchEngineSettings}) adds them.
 */
@Singleton
public class OpenSearchBackendSettings {

    /** One shard (a patient index fits one easily), a replica as soon as a second node is there to hold it. */
    static final String INDEX_SETTINGS = "opensearch/index-settings.json";

    private final OpenSearchProperties properties;

    OpenSearchBackendSettings(OpenSearchProperties properties) {
        this.properties = properties;
    }

    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(backendKey(BackendSettings.TYPE), ElasticsearchBackendSettings.TYPE_NAME);
        settings.put(backendKey(ElasticsearchBackendSettings.HOSTS), String.join(",", properties.getHosts()));
        settings.put(backendKey(ElasticsearchBackendSettings.PROTOCOL), properties.getProtocol());
        settings.put(backendKey(ElasticsearchBackendSettings.VERSION), ElasticsearchVersion.of(properties.getVersion()));
        properties.getUsername().ifPresent(user -> settings.put(backendKey(ElasticsearchBackendSettings.USERNAME), user));
        properties.getPassword().ifPresent(secret -> settings.put(backendKey(ElasticsearchBackendSettings.PASSWORD), secret));
        settings.put(backendKey(ElasticsearchBackendSettings.CONNECTION_TIMEOUT), properties.getConnectionTimeout().toMillis());
        settings.put(backendKey(ElasticsearchBackendSettings.READ_TIMEOUT), properties.getReadTimeout().toMillis());
        settings.put(backendKey(ElasticsearchBackendSettings.MAX_CONNECTIONS), properties.getMaxConnections());
        settings.put(backendKey(ElasticsearchBackendSettings.MAX_CONNECTIONS_PER_ROUTE), properties.getMaxConnections());
        settings.put(backendKey(ElasticsearchBackendSettings.DISCOVERY_ENABLED), properties.isDiscovery());
        settings.put(backendKey(ElasticsearchBackendSettings.LAYOUT_STRATEGY),
                new PrefixedIndexLayout(properties.getIndexPrefix()));
        settings.put(backendKey(ElasticsearchIndexSettings.SCHEMA_MANAGEMENT_SETTINGS_FILE), INDEX_SETTINGS);
        settings.put(backendKey(ElasticsearchIndexSettings.ANALYSIS_CONFIGURER), OpenSearchAnalysisConfigurer.class.getName());
        properties.getTrustStore().ifPresent(store -> settings.put(
                backendKey(ElasticsearchBackendSettings.CLIENT_CONFIGURER),
                new TrustStoreConfigurer(Path.of(store), properties.getTrustStoreType(),
                        properties.getTrustStorePassword().map(String::toCharArray).orElse(null))));
        return settings;
    }
}
