package com.patientsearch.persistence.audit;

import jakarta.inject.Singleton;

/**
 * The append-only audit trail of patient-data access (issue 7). Callers hand over an event and return at once;
 * events are written in batches.
 */
@Singleton
public class AuditTrail {

    /** Queues the event for the next batch. */
    public void record(AuditEvent event) {
        // Batched writer: issue 7, audit part (in progress on a branch).
    }
}
