package com.patientsearch.persistence.audit;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** {@code audit.*}: how the audit trail batches its writes (docs/operations.md). */
@ConfigurationProperties("audit")
public class AuditProperties {

    /** A batch is written at the latest this long after its first event arrived. */
    private Duration flushInterval = Duration.ofMillis(200);
    /** ... or as soon as it holds this many events. */
    private int batchSize = 500;
    /** Events waiting for the writer; past it callers write their event themselves (nothing is dropped). */
    private int queueCapacity = 10_000;
    /** First wait before a failed batch is retried; doubles per attempt up to {@link #retryMaxDelay}. */
    private Duration retryInitialDelay = Duration.ofMillis(100);
    private Duration retryMaxDelay = Duration.ofSeconds(5);
    /**
     * True: {@link AuditTrail#record} returns once its event is committed (batched with whatever else is waiting), so
     * a crash loses no event whose data was returned. False: it returns once queued; a crash loses what was queued
     * (at most {@link #queueCapacity} events, normally about {@link #flushInterval} of traffic).
     */
    private boolean waitForWrite = true;
    /** With {@link #waitForWrite}: how long a request waits for its event before it is refused (503). */
    private Duration writeTimeout = Duration.ofSeconds(5);
    /** On shutdown, how long the writer may take to write what is queued (retries included). */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    public Duration getFlushInterval() {
        return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = positive(flushInterval, "audit.flush-interval");
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        // 8 array parameters per statement whatever the size; the bound keeps one statement's arrays modest
        this.batchSize = Math.max(1, Math.min(batchSize, 10_000));
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = Math.max(1, queueCapacity);
    }

    public Duration getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(Duration retryInitialDelay) {
        this.retryInitialDelay = positive(retryInitialDelay, "audit.retry-initial-delay");
    }

    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = positive(retryMaxDelay, "audit.retry-max-delay");
    }

    public boolean isWaitForWrite() {
        return waitForWrite;
    }

    public void setWaitForWrite(boolean waitForWrite) {
        this.waitForWrite = waitForWrite;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = positive(writeTimeout, "audit.write-timeout");
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = positive(shutdownTimeout, "audit.shutdown-timeout");
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
