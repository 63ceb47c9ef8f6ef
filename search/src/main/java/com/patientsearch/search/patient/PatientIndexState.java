package com.patientsearch.search.patient;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the patient index is complete; while it is (re)built, searches go through PostgreSQL. */
@Singleton
public class PatientIndexState {

    private final AtomicBoolean rebuilding = new AtomicBoolean();

    boolean ready() {
        return !rebuilding.get();
    }

    public boolean rebuilding() {
        return rebuilding.get();
    }

    /** Set while the index is rebuilt; the engine benchmarks set it to time the PostgreSQL path in the same context. */
    public void rebuilding(boolean value) {
        rebuilding.set(value);
    }
}
