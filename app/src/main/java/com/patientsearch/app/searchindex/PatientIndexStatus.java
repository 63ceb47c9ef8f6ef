package com.patientsearch.app.searchindex;

import com.patientsearch.search.patient.PatientIndexState;
import com.patientsearch.search.patient.PatientIndexer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The patient index in /metrics and /health: documents, patients, lag (patients the index is missing or holds too
 * many: |patients - documents|) and whether it is rebuilding. Counted every {@code search.index-status.interval}
 * (5 minutes), not per scrape: counting the patients under row-level security reads every row, and at a million
 * patients each count is a slow query (docs/performance.md). Informational in /health (UP while rebuilding: searches
 * answer through PostgreSQL).
 */
@Singleton
class PatientIndexStatus extends AbstractHealthIndicator<Map<String, Object>> {

    private final PatientIndexer indexer;
    private final PatientIndexState state;
    private volatile long patients;
    private volatile long documents;

    PatientIndexStatus(PatientIndexer indexer, PatientIndexState state, MeterRegistry registry) {
        this.indexer = indexer;
        this.state = state;
        if (indexer.enabled()) {
            Gauge.builder("patient_index_documents", this, s -> s.documents).description("Documents in the patient index")
                    .register(registry);
            Gauge.builder("patient_index_lag", this, s -> Math.abs(s.patients - s.documents))
                    .description("Patients the index misses or holds too many, at the last count").register(registry);
            Gauge.builder("patient_index_rebuilding", this, s -> s.state.rebuilding() ? 1 : 0)
                    .description("1 while the patient index is rebuilt (searches use PostgreSQL)").register(registry);
        }
    }

    void update(long patients, long documents) {
        this.patients = patients;
        this.documents = documents;
    }

    @Scheduled(fixedDelay = "${search.index-status.interval:5m}", initialDelay = "30s")
    void refresh() {
        if (indexer.enabled()) {
            update(indexer.patients(), indexer.documents());
        }
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("enabled", indexer.enabled());
        if (indexer.enabled()) {
            details.put("documents", documents);
            details.put("patients", patients);
            details.put("lag", Math.abs(patients - documents));
            details.put("rebuilding", state.rebuilding());
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "patientIndex";
    }
}
