package com.patientsearch.search.opensearch;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The OpenSearch cluster of {@code search.engine: opensearch} (docs/operations.md, "OpenSearch").
 * Every app node points at the same cluster and index: the index is shared, not per node.
 */
@ConfigurationProperties("search.opensearch")
public class OpenSearchProperties {

    /** {@code host:port} of one or more nodes; requests are spread over them. */
    private List<String> hosts = List.of("localhost:9200");
    /** {@code http} or {@code https}. */
    private String protocol = "http";
    private String username;
    private String password;
    /**
     * The cluster's distribution and version as Hibernate Search reads them; checked against the cluster at start.
     * A prefix matches every release under it.
     */
    private String version = "opensearch:2";
    /** Prefix of the index and alias names, so several environments can share one cluster. Lower case. */
    private String indexPrefix = "patient-search-";
    /** A trust store (PKCS12 or JKS) for a cluster whose certificate the JVM's default trust store does not know. */
    private String trustStore;
    private String trustStorePassword;
    private String trustStoreType = "PKCS12";
    private Duration connectionTimeout = Duration.ofSeconds(3);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int maxConnections = 40;
    /** Ask the cluster for its other nodes and spread requests over them too. */
    private boolean discovery;

    public List<String> getHosts() {
        return hosts;
    }

    public void setHosts(List<String> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public Optional<String> getUsername() {
        return Optional.ofNullable(username).filter(value -> !value.isBlank());
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public Optional<String> getPassword() {
        return Optional.ofNullable(password);
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getIndexPrefix() {
        return indexPrefix;
    }

    public void setIndexPrefix(String indexPrefix) {
        this.indexPrefix = indexPrefix;
    }

    public Optional<String> getTrustStore() {
        return Optional.ofNullable(trustStore).filter(value -> !value.isBlank());
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public Optional<String> getTrustStorePassword() {
        return Optional.ofNullable(trustStorePassword);
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public String getTrustStoreType() {
        return trustStoreType;
    }

    public void setTrustStoreType(String trustStoreType) {
        this.trustStoreType = trustStoreType;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public boolean isDiscovery() {
        return discovery;
    }

    public void setDiscovery(boolean discovery) {
        this.discovery = discovery;
    }
}
