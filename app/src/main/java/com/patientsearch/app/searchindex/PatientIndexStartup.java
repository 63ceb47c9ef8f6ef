package com.patientsearch.app.searchindex;

import com.patientsearch.app.bulk.Progress;
import com.patientsearch.search.patient.PatientIndexer;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At server start with an index engine: an index that is missing, stale (its document count is not the number of
 * patients) or was unreadable (deleted before Hibernate Search opened it) is rebuilt on a background thread, with a
 * progress bar; searches answer through PostgreSQL until it is complete (PatientIndexState). A shared (opensearch)
 * index is rebuilt only when it holds no document: a stale one is left to {@code reindex}, since other nodes serve
 * from it ({@link PatientIndexer#atStart}).
 */
@Singleton
class PatientIndexStartup implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientIndexStartup.class);

    private final PatientIndexer indexer;
    private final PatientIndexStatus status;

    PatientIndexStartup(PatientIndexer indexer, PatientIndexStatus status) {
        this.indexer = indexer;
        this.status = status;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!indexer.enabled()) {
            return;
        }
        long patients = indexer.patients();
        long documents = indexer.documents();
        status.update(patients, documents);
        switch (indexer.atStart(patients, documents)) {
            case COMPLETE -> {
                LOG.info("Patient index: {} documents, complete", documents);
                return;
            }
            case LEAVE_SHARED -> {
                LOG.warn("Patient index: {} documents for {} patients; shared with other nodes, so not rebuilt at "
                        + "start: run 'reindex' to repair it", documents, patients);
                return;
            }
            case REBUILD -> {
                // below
            }
        }
        LOG.info("Patient index: {} documents for {} patients; rebuilding, searches use PostgreSQL meanwhile", documents, patients);
        Thread rebuild = new Thread(() -> {
            try (Progress progress = Progress.bar("Indexing", patients, " patients", 1)) {
                indexer.reindexAll(progress::stepTo);
            } catch (RuntimeException e) {
                LOG.error("Rebuilding the patient index failed; searches keep using PostgreSQL", e);
            }
            status.refresh();
        }, "patient-index-rebuild");
        rebuild.setDaemon(true);
        rebuild.start();
    }
}
