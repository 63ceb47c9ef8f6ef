package com.patientsearch.persistence.embedded;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL used when {@code datasources.default.url} is not set. Its data directory persists, so a
 * restart keeps the data ({@code EMBEDDED_POSTGRES_DATA_DIRECTORY} moves it).
 */
@ConfigurationProperties("embedded-postgres")
public class EmbeddedPostgresProperties {

    private Path dataDirectory = Path.of(System.getProperty("user.home"), ".patient-search", "pgdata-17");
    /** 0 picks a free port at every start. */
    private int port = 0;
    private String database = "patient_search";
    private Duration startupWait = Duration.ofSeconds(60);
    private String sharedBuffers = "256MB";
    private String workMem = "16MB";
    private String maintenanceWorkMem = "256MB";
    /**
     * zonky's defaults are for throwaway test databases (fsync off). The app's data directory persists, so it is
     * durable unless a test says otherwise.
     */
    private boolean durable = true;

    public Path getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public Duration getStartupWait() {
        return startupWait;
    }

    public void setStartupWait(Duration startupWait) {
        this.startupWait = startupWait;
    }

    public String getSharedBuffers() {
        return sharedBuffers;
    }

    public void setSharedBuffers(String sharedBuffers) {
        this.sharedBuffers = sharedBuffers;
    }

    public String getWorkMem() {
        return workMem;
    }

    public void setWorkMem(String workMem) {
        this.workMem = workMem;
    }

    public boolean isDurable() {
        return durable;
    }

    public void setDurable(boolean durable) {
        this.durable = durable;
    }

    public String getMaintenanceWorkMem() {
        return maintenanceWorkMem;
    }

    public void setMaintenanceWorkMem(String maintenanceWorkMem) {
        this.maintenanceWorkMem = maintenanceWorkMem;
    }
}
