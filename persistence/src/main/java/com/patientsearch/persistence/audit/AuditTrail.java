package com.patientsearch.persistence.audit;

import com.patientsearch.persistence.datasource.AgroalPools;
import com.patientsearch.persistence.resilience.DatabaseFailures;
import com.patientsearch.persistence.scope.CallerScope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The append-only audit trail of patient-data access. Reads (searches, record views) call {@link #record}: one
 * background thread writes events in batches (one statement and one transaction per batch). With
 * {@code audit.wait-for-write} (the default) the caller waits until its event is committed, batched with whatever
 * else is waiting, so a crash loses no event whose data was returned; when nothing is being written and nothing is
 * queued, the caller writes its own event on its own thread instead of handing it to the writer and waiting to be woken
 * (two thread switches, which cost most on a busy machine); under concurrency the others queue behind that write and
 * go out as one batch. Without wait-for-write the caller returns once queued, and a batch is written when full or
 * when its first event has waited {@code audit.flush-interval}. Writes and imports call {@link #recordIn} instead:
 * the event joins the change's own transaction.
 *
 * <p>Fail closed: while events cannot be written (the last write failed), {@link #record} throws
 * {@link AuditUnavailableException} (503) and {@link #failure()} says why (health is DOWN); the first successful
 * write clears it. A full (or closed) queue makes the caller write its own event, a batch that failed for a
 * transient reason is retried with backoff, and shutdown writes what is queued before the connection pool closes
 * (this bean depends on the DataSource, so Micronaut destroys it first).
 */
@Singleton
public class AuditTrail {

    /** The actions the table accepts (its check constraint). */
    public static final Set<String> ACTIONS = Set.of("search", "read", "create", "update", "merge", "import");

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final Object STOP = new Object();

    /** A marker that completes once every event queued before it is written. */
    private record Flush(CompletableFuture<Void> done) {
    }

    /** A queued event; {@code written} completes when it is committed (or fails), null when nobody waits. */
    private record Pending(AuditEvent event, CompletableFuture<Void> written) {
    }

    private final DataSource dataSource;
    private final AuditProperties properties;
    private final AuditMetrics metrics;
    private final BlockingQueue<Object> queue;
    private final Thread writer;
    private volatile boolean closed;
    /** Set when shutdown ran out of time: the writer stops retrying and counts what it could not write. */
    private volatile boolean abandon;
    /** Why the last write failed (class and SQLState), null once a write succeeded: health and fail-closed reads. */
    private volatile String failure;
    /** A batch, or a caller's own event, is being written: later waiting callers queue for the next batch. */
    private final AtomicBoolean writing = new AtomicBoolean();

    public AuditTrail(DataSource dataSource, AuditProperties properties, AuditMetrics metrics) {
        // The injected bean is Micronaut's transaction-aware wrapper; batches take plain pooled connections.
        this.dataSource = AgroalPools.raw(dataSource);
        this.properties = properties;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(properties.getQueueCapacity());
        metrics.queueDepth(queue::size);
        this.writer = new Thread(this::drain, "audit-writer");
        writer.setDaemon(true); // close() is what flushes; a daemon never holds the JVM up by itself
        writer.start();
    }

    /**
     * Queues the event for the next batch and returns; writes it directly when the queue is full or closed.
     *
     * @throws IllegalArgumentException  for an action the table does not accept
     * @throws AuditUnavailableException when the direct write fails: the caller must not go on unaudited
     */
    public void record(AuditEvent event) {
        AuditEvent clean = normalise(event);
        if (failure != null) {
            writeDirect(clean); // failing: this caller's own write is the probe, and a failure refuses its request
            return;
        }
        if (properties.isWaitForWrite() && writeOwn(clean)) {
            return;
        }
        CompletableFuture<Void> written = properties.isWaitForWrite() ? new CompletableFuture<>() : null;
        if (!closed && queue.offer(new Pending(clean, written))) {
            if (closed) {
                writeRest(); // queued just as close() finished: the writer is gone, so write it here
            }
            if (written != null) {
                awaitWritten(written);
            }
            return;
        }
        writeDirect(clean);
    }

    /**
     * Writes the event in the connection's current transaction, so it commits or rolls back with the change it
     * records (writes, imports). A failure propagates: the caller's transaction must not commit without it.
     */
    public void recordIn(Connection connection, AuditEvent event) throws SQLException {
        try {
            AuditWriter.writeInTransaction(connection, List.of(normalise(event)));
        } catch (SQLException | RuntimeException e) {
            failed(e);
            throw e;
        }
        metrics.writtenDirect.increment();
    }

    /** Why audit events cannot be written right now (class and SQLState), or empty when they can. */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    private void writeDirect(AuditEvent clean) {
        try {
            writeOnce(List.of(clean));
            metrics.writtenDirect.increment();
            recovered();
        } catch (SQLException | RuntimeException e) {
            failed(e);
            throw new AuditUnavailableException("the audit trail cannot be written", e);
        }
    }

    /**
     * Writes the event on the caller's thread when no write is under way and nothing waits in the queue; false when it
     * did not (someone else is writing: queue for their next batch), or when the write failed: the event is then
     * queued like any other, so the writer retries a transient failure within the caller's write-timeout as before.
     */
    private boolean writeOwn(AuditEvent clean) {
        if (closed || !queue.isEmpty() || !writing.compareAndSet(false, true)) {
            return false;
        }
        long started = System.nanoTime();
        try {
            writeOnce(List.of(clean));
            metrics.batchWritten(1, System.nanoTime() - started);
            recovered();
            return true;
        } catch (SQLException | RuntimeException e) {
            metrics.failedBatches.increment();
            failed(e);
            return false;
        } finally {
            writing.set(false);
        }
    }

    private void awaitWritten(CompletableFuture<Void> written) {
        try {
            written.get(properties.getWriteTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while the audit event was written", e);
        } catch (ExecutionException | TimeoutException e) {
            // A late write still lands (the access is then recorded although refused): over-recording, never loss.
            throw new AuditUnavailableException("the audit event was not written in time", e);
        }
    }

    private void failed(Exception e) {
        String reason = DatabaseFailures.describe(e);
        if (failure == null) {
            LOG.error("Audit events cannot be written ({}): requests that must be audited are refused until a write "
                    + "succeeds", reason);
        }
        failure = reason;
    }

    private void recovered() {
        if (failure != null) {
            failure = null;
            LOG.info("Audit events are written again");
        }
    }

    /** Waits until every event recorded before this call is written (tests, and callers that need it durable). */
    public void flush() {
        flush(Duration.ofSeconds(30));
    }

    /** @throws IllegalStateException if the writer does not get there within {@code timeout} */
    public void flush(Duration timeout) {
        if (closed) {
            return; // close() wrote everything; later events are written directly
        }
        Flush marker = new Flush(new CompletableFuture<>());
        try {
            if (!queue.offer(marker, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("audit queue stayed full for " + timeout);
            }
            marker.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while flushing the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("audit events were not written within " + timeout, e);
        }
    }

    /** Events waiting in the queue (a gauge, and for tests). */
    public int queued() {
        return queue.size();
    }

    /** Writes what is queued, then stops the writer; later events are written directly by their callers. */
    @PreDestroy
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long timeout = properties.getShutdownTimeout().toMillis();
        try {
            if (!queue.offer(STOP, timeout, TimeUnit.MILLISECONDS)) {
                writer.interrupt();
            }
            writer.join(timeout);
            if (writer.isAlive()) {
                abandon = true; // stuck retrying against an unreachable database: it counts what it gives up
                writer.interrupt();
                writer.join(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeRest();
    }

    /** Writes events left in the queue after the writer stopped (callers that saw the trail open as it closed). */
    private synchronized void writeRest() {
        List<Pending> rest = new ArrayList<>();
        List<Flush> flushes = new ArrayList<>();
        for (Object item; (item = queue.poll()) != null; ) {
            if (item instanceof Pending p) {
                rest.add(p);
            } else if (item instanceof Flush f) {
                flushes.add(f);
            }
        }
        if (!rest.isEmpty()) {
            try {
                writeOnce(events(rest));
                metrics.writtenDirect.add(rest.size());
                complete(rest, null);
            } catch (SQLException | RuntimeException e) {
                giveUp(rest, e);
            }
        }
        flushes.forEach(f -> f.done().complete(null));
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(properties.getBatchSize());
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        // Callers waiting for their event: write what is there now (a batch grows while the previous one commits).
        long intervalNanos = properties.isWaitForWrite() ? 0 : properties.getFlushInterval().toNanos();
        long idleNanos = properties.getFlushInterval().toNanos();
        boolean stopping = false;
        while (!stopping) {
            try {
                Object item = queue.poll(idleNanos, TimeUnit.NANOSECONDS);
                if (item == null) {
                    continue;
                }
                long deadline = System.nanoTime() + intervalNanos;
                while (true) {
                    if (item instanceof Pending pending) {
                        batch.add(pending);
                    } else if (item instanceof Flush flush) {
                        waiting.add(flush.done());
                        break; // write now: someone waits for it
                    } else if (item == STOP) {
                        stopping = true;
                        break;
                    }
                    if (batch.size() >= properties.getBatchSize()) {
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    item = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (item == null) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                stopping = true; // close() gave up waiting: one attempt for what is in hand, then leave
            }
            stopping |= abandon;
            if (!batch.isEmpty()) {
                writing.set(true);
                try {
                    writeUntilDone(batch);
                } finally {
                    writing.set(false);
                }
                batch.clear();
            }
            waiting.forEach(done -> done.complete(null));
            waiting.clear();
        }
    }

    /** Retries with exponential backoff until written; gives up only when shutdown has run out of time. */
    private void writeUntilDone(List<Pending> batch) {
        long delay = properties.getRetryInitialDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                writeOnce(events(batch));
                metrics.batchWritten(batch.size(), System.nanoTime() - started);
                recovered();
                complete(batch, null);
                if (attempt > 1) {
                    LOG.info("Audit batch of {} events written after {} attempts", batch.size(), attempt);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                metrics.failedBatches.increment();
                failed(e);
                if (!DatabaseFailures.isWorthWaiting(e)) {
                    writeOneByOne(batch);
                    return;
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("Audit batch of {} events failed (attempt {}), retrying: {}", batch.size(), attempt,
                            firstLine(e));
                }
                if (abandon) {
                    giveUp(batch, e);
                    return;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    // close() ran out of time: abandon is set, the next failure gives up
                }
                delay = Math.min(delay * 2, properties.getRetryMaxDelay().toMillis());
            }
        }
    }

    /** A batch the database refused for its data: write the others, count and log the refused ones (no values). */
    private void writeOneByOne(List<Pending> batch) {
        for (Pending pending : batch) {
            AuditEvent event = pending.event();
            try {
                writeOnce(List.of(event));
                metrics.writtenDirect.increment();
                recovered();
                complete(List.of(pending), null);
            } catch (SQLException | RuntimeException e) {
                failed(e);
                if (pending.written() == null) {
                    // nobody waits for it: its data was returned already, so this one is lost
                    LOG.error("Audit event refused by the database (action {}, endpoint {}, user {}): {}",
                            event.action(), event.endpoint(), event.caller().user(), firstLine(e));
                    metrics.lost.increment();
                }
                complete(List.of(pending), e);
            }
        }
    }

    /** Completes the waiting callers: written, or failed with {@code failure} (their requests answer 503). */
    private static void complete(List<Pending> pendings, Exception failure) {
        for (Pending pending : pendings) {
            if (pending.written() != null) {
                if (failure == null) {
                    pending.written().complete(null);
                } else {
                    pending.written().completeExceptionally(failure);
                }
            }
        }
    }

    private static List<AuditEvent> events(List<Pending> pendings) {
        return pendings.stream().map(Pending::event).toList();
    }

    private void writeOnce(List<AuditEvent> events) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            AuditWriter.write(connection, events);
        }
    }

    private void giveUp(List<Pending> pendings, Exception e) {
        long unanswered = pendings.stream().filter(p -> p.written() == null).count();
        metrics.lost.add(unanswered);
        LOG.error("{} audit events could not be written and are lost: {}", unanswered, firstLine(e));
        complete(pendings, e);
    }

    static AuditEvent normalise(AuditEvent event) {
        if (!ACTIONS.contains(event.action())) {
            throw new IllegalArgumentException("audit action must be one of " + new TreeSet<>(ACTIONS));
        }
        CallerScope caller = event.caller();
        CallerScope clean = new CallerScope(text(caller.user()), text(caller.role()),
                new TreeSet<>(caller.clinics().stream().map(AuditTrail::text).toList()),
                caller.requestId() == null ? null : text(caller.requestId()));
        return new AuditEvent(event.at() == null ? Instant.now() : event.at(), clean, event.action(),
                text(event.endpoint()), event.patientIds() == null ? List.of()
                        : event.patientIds().stream().filter(Objects::nonNull).toList());
    }

    /** PostgreSQL text cannot hold NUL: such a row would poison its batch. */
    private static String text(String value) {
        return value == null ? "" : value.replace("\u0000", "");
    }

    private static String firstLine(Exception e) {
        return DatabaseFailures.describe(e);
    }
}
