package com.patientsearch.app.cli;

import com.patientsearch.app.bulk.Progress;
import com.patientsearch.search.patient.PatientIndexer;
import io.micronaut.context.annotation.Prototype;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code reindex}: rebuilds the search engine's patient index from PostgreSQL (not PostgreSQL's own indexes). */
@Prototype
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the patient search index (search.engine lucene or opensearch) from the database. "
                + "PostgreSQL's own indexes: 'maintenance reindex'.")
class ReindexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final PatientIndexer indexer;

    ReindexCommand(PatientIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (!indexer.enabled()) {
            out.println("search.engine is postgres: there is no index to rebuild");
            out.flush();
            return 0;
        }
        long started = System.nanoTime();
        long indexed;
        try (Progress progress = Progress.bar("Indexing", indexer.patients(), " patients", 1)) {
            indexed = indexer.reindexAll(progress::stepTo);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        out.printf("indexed %,d patients in %d s (%s)%n", indexed, took.toSeconds(), Progress.rate(indexed, took));
        out.flush();
        return 0;
    }
}
