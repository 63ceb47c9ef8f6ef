package com.patientsearch.persistence.datasource;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Introspected;

import java.time.Duration;
import java.util.Optional;

/**
 * One {@code datasources.<name>} block: where the database is and how the Agroal pool behaves. Defaults suit a
 * developer machine; the per-environment profiles in {@code application-<env>.yml} override them (see
 * docs/operations.md). The {@code default} datasource with no {@code url} means "start the embedded PostgreSQL".
 */
@Introspected
@EachProperty(value = "datasources", primary = "default")
public class DataSourceProperties {

    private final String name;
    private String url;
    private String username = "postgres";
    private String password = "";
    /**
     * The role that owns the schema and runs migrations and bulk loads. Unset: the app's own login does that too,
     * and row-level security is not enforced (the owner bypasses it); docs/security.md.
     */
    private String ownerUsername;
    private String ownerPassword = "";
    private int minSize = 2;
    private int initialSize = 2;
    private int maxSize = 10;
    /** How long a request waits for a free connection before failing (then the API answers 503). */
    private Duration acquisitionTimeout = Duration.ofSeconds(5);
    /** Idle connections above {@code minSize} are closed after this long. */
    private Duration idleTimeout = Duration.ofMinutes(5);
    /** Connections are replaced after this long, so server-side memory and DNS changes do not stick forever. */
    private Duration maxLifetime = Duration.ofMinutes(30);
    /** Background validation of idle connections. */
    private Duration validationInterval = Duration.ofMinutes(1);
    /** A connection idle this long is validated before it is handed out. */
    private Duration idleValidationTimeout = Duration.ofSeconds(30);
    /** A connection held longer than this is reported as a probable leak (0 = off). */
    private Duration leakTimeout = Duration.ZERO;
    /** Bounds every statement run through this pool (0 = no bound). */
    private Duration statementTimeout = Duration.ZERO;
    private String applicationName = "patient-search";

    public DataSourceProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /**
     * {@code datasources.replica} and {@code datasources.replica-<n>} are read replicas of the default database: they
     * get pools behind the default DataSource (see persistence.replica), never DataSource beans of their own.
     */
    public boolean isReplica() {
        return name.equals("replica") || name.startsWith("replica-");
    }

    public Optional<String> getUrl() {
        return Optional.ofNullable(url).filter(value -> !value.isBlank());
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Optional<String> getOwnerUsername() {
        return Optional.ofNullable(ownerUsername).filter(value -> !value.isBlank());
    }

    public void setOwnerUsername(String ownerUsername) {
        this.ownerUsername = ownerUsername;
    }

    public String getOwnerPassword() {
        return ownerPassword;
    }

    public void setOwnerPassword(String ownerPassword) {
        this.ownerPassword = ownerPassword;
    }

    public int getMinSize() {
        return minSize;
    }

    public void setMinSize(int minSize) {
        this.minSize = minSize;
    }

    public int getInitialSize() {
        return initialSize;
    }

    public void setInitialSize(int initialSize) {
        this.initialSize = initialSize;
    }

    public int getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(int maxSize) {
        this.maxSize = maxSize;
    }

    public Duration getAcquisitionTimeout() {
        return acquisitionTimeout;
    }

    public void setAcquisitionTimeout(Duration acquisitionTimeout) {
        this.acquisitionTimeout = acquisitionTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getMaxLifetime() {
        return maxLifetime;
    }

    public void setMaxLifetime(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public Duration getValidationInterval() {
        return validationInterval;
    }

    public void setValidationInterval(Duration validationInterval) {
        this.validationInterval = validationInterval;
    }

    public Duration getIdleValidationTimeout() {
        return idleValidationTimeout;
    }

    public void setIdleValidationTimeout(Duration idleValidationTimeout) {
        this.idleValidationTimeout = idleValidationTimeout;
    }

    public Duration getLeakTimeout() {
        return leakTimeout;
    }

    public void setLeakTimeout(Duration leakTimeout) {
        this.leakTimeout = leakTimeout;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        this.applicationName = applicationName;
    }
}
