package com.patientsearch.persistence.replica;

import io.agroal.api.AgroalDataSource;

import java.time.Duration;

/** One replica's pool and what the last check found. */
final class Replica {

    private final String name;
    private final AgroalDataSource pool;
    private volatile boolean inRotation;
    private volatile double lagSeconds = Double.NaN;

    Replica(String name, AgroalDataSource pool) {
        this.name = name;
        this.pool = pool;
    }

    String name() {
        return name;
    }

    AgroalDataSource pool() {
        return pool;
    }

    boolean inRotation() {
        return inRotation;
    }

    double lagSeconds() {
        return lagSeconds;
    }

    void checked(boolean healthy, Duration lag) {
        this.lagSeconds = lag == null ? Double.NaN : lag.toMillis() / 1000.0;
        this.inRotation = healthy;
    }

    /** Unreachable: out of rotation, and its idle connections (probably dead) are dropped. */
    void failed() {
        this.inRotation = false;
        this.lagSeconds = Double.NaN;
        pool.flush(AgroalDataSource.FlushMode.IDLE);
    }
}
