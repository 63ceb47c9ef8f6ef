package com.patientsearch.search.patient;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.nio.file.Path;

/** {@code search.*}: the engine and where its index lives. */
@ConfigurationProperties("search")
public class SearchEngineProperties {

    /** Unset: lucene on the embedded database ({@link EmbeddedEngineDefault}), postgres on an external one. */
    private String engine;
    private Lucene lucene = new Lucene();
    private Indexing indexing = new Indexing();

    public SearchEngine engine() {
        return named() ? SearchEngine.of(engine) : SearchEngine.POSTGRES;
    }

    /** Whether {@code search.engine} names an engine (set, not blank). */
    boolean named() {
        return engine != null && !engine.isBlank();
    }

    public String getEngine() {
        return engine;
    }

    public void setEngine(String engine) {
        this.engine = engine;
    }

    public Lucene getLucene() {
        return lucene;
    }

    public void setLucene(Lucene lucene) {
        this.lucene = lucene;
    }

    public Indexing getIndexing() {
        return indexing;
    }

    public void setIndexing(Indexing indexing) {
        this.indexing = indexing;
    }

    /** {@code search.indexing.*}: full loads and rebuilds ({@link PatientIndexer}). */
    @ConfigurationProperties("indexing")
    public static class Indexing {

        /** Batches of patients read and handed to the index at once (each on its own connection). */
        private int threads = 2;

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }
    }

    /** {@code search.lucene.*} */
    @ConfigurationProperties("lucene")
    public static class Lucene {

        /** The index directory; unset: beside the embedded PostgreSQL data directory. "memory": on the heap (tests). */
        private String directory;
        /**
         * none: one node. outbox-polling: several nodes, each with its own index, kept in step through the
         * database's outbox table (liquibase 130).
         */
        private String coordination = "none";

        public String getCoordination() {
            return coordination;
        }

        public void setCoordination(String coordination) {
            this.coordination = coordination;
        }

        boolean outboxPolling() {
            return "outbox-polling".equals(coordination);
        }

        public String getDirectory() {
            return directory;
        }

        public void setDirectory(String directory) {
            this.directory = directory;
        }

        public boolean inMemory() {
            return "memory".equals(directory);
        }

        /** Where the index lives on disk: {@link #getDirectory()}, or beside the embedded data directory. */
        public Path path(Path embeddedDataDirectory) {
            if (directory == null || directory.isBlank()) {
                return embeddedDataDirectory.resolveSibling(embeddedDataDirectory.getFileName() + "-index");
            }
            return Path.of(directory);
        }
    }
}
