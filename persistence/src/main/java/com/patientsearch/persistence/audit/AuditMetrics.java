package com.patientsearch.persistence.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The audit trail's meters. A binder without dependencies: the registry can bind it whenever it is built, without
 * pulling the DataSource (and the trail) into the registry's construction. Counts kept before binding are not lost.
 */
@Singleton
// public: AuditTrail is public and non-final, so a test double (Micronaut @MockBean) subclasses it and needs its types.
public class AuditMetrics implements MeterBinder {

    final LongAdder writtenBatched = new LongAdder();
    final LongAdder writtenDirect = new LongAdder();
    final LongAdder failedBatches = new LongAdder();
    final LongAdder lost = new LongAdder();
    private volatile IntSupplier queueDepth = () -> 0;
    private volatile Timer batchLatency;

    void queueDepth(IntSupplier depth) {
        this.queueDepth = depth;
    }

    void batchWritten(int events, long nanos) {
        writtenBatched.add(events);
        Timer timer = batchLatency;
        if (timer != null) {
            timer.record(Duration.ofNanos(nanos));
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("audit.events.queued", this, m -> m.queueDepth.getAsInt())
                .description("Audit events waiting for the batch writer").register(registry);
        FunctionCounter.builder("audit.events.written", writtenBatched, LongAdder::sum).tag("path", "batch")
                .description("Audit events written").register(registry);
        FunctionCounter.builder("audit.events.written", writtenDirect, LongAdder::sum).tag("path", "direct")
                .description("Audit events written").register(registry);
        FunctionCounter.builder("audit.batches.failed", failedBatches, LongAdder::sum)
                .description("Audit batch writes that failed and were retried").register(registry);
        FunctionCounter.builder("audit.events.lost", lost, LongAdder::sum)
                .description("Audit events that could not be written at all (shutdown with the database down, "
                        + "or a row the database refused)").register(registry);
        batchLatency = Timer.builder("audit.batch.latency").description("Time to write one audit batch")
                .publishPercentileHistogram().register(registry);
    }
}
