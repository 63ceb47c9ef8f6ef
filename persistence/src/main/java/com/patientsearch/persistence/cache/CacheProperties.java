package com.patientsearch.persistence.cache;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The Hibernate second-level cache (Infinispan). Local by default; {@code mode: clustered} turns on invalidation
 * between app nodes over JGroups TCP (see docs/operations.md). Region sizes and expiry live in the Infinispan file;
 * {@code cache.regions.<region>.*} overrides them.
 */
@ConfigurationProperties("cache")
public class CacheProperties {

    public enum Mode { LOCAL, CLUSTERED }

    private boolean enabled = true;
    private Mode mode = Mode.LOCAL;
    private boolean queryCache = true;
    private String localConfig = "patient-search/infinispan-local.xml";
    private String clusteredConfig = "patient-search/infinispan-clustered.xml";
    /** Nodes with the same cluster name (and reachable hosts) invalidate each other. */
    private String clusterName = "patient-search-cache";
    private String bindAddress = "127.0.0.1";
    private int bindPort = 7800;
    /** A node takes the first free port of bind-port .. bind-port + port-range; discovery probes the same range. */
    private int portRange = 10;
    /** Static discovery list, JGroups TCPPING syntax: {@code host1[7800],host2[7800]}. */
    private String initialHosts = "127.0.0.1[7800]";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public boolean isQueryCache() {
        return queryCache;
    }

    public void setQueryCache(boolean queryCache) {
        this.queryCache = queryCache;
    }

    public String getLocalConfig() {
        return localConfig;
    }

    public void setLocalConfig(String localConfig) {
        this.localConfig = localConfig;
    }

    public String getClusteredConfig() {
        return clusteredConfig;
    }

    public void setClusteredConfig(String clusteredConfig) {
        this.clusteredConfig = clusteredConfig;
    }

    public String getClusterName() {
        return clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getBindPort() {
        return bindPort;
    }

    public void setBindPort(int bindPort) {
        this.bindPort = bindPort;
    }

    public int getPortRange() {
        return portRange;
    }

    public void setPortRange(int portRange) {
        this.portRange = portRange;
    }

    public String getInitialHosts() {
        return initialHosts;
    }

    public void setInitialHosts(String initialHosts) {
        this.initialHosts = initialHosts;
    }

    String configResource() {
        return mode == Mode.CLUSTERED ? clusteredConfig : localConfig;
    }
}
