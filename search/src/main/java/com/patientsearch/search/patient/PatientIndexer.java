package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import jakarta.inject.Singleton;
import org.hibernate.CacheMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.session.SearchSession;
import org.hibernate.search.mapper.orm.work.SearchIndexingPlan;
import org.hibernate.search.mapper.orm.work.SearchWorkspace;
import org.hibernate.search.engine.backend.work.execution.DocumentCommitStrategy;
import org.hibernate.search.engine.backend.work.execution.DocumentRefreshStrategy;
import org.hibernate.search.mapper.pojo.massindexing.MassIndexingMonitor;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy;
import org.hibernate.search.mapper.pojo.work.SearchIndexingPlanExecutionReport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Indexes patients that bulk loads wrote around Hibernate (COPY in seed and imports): all of them after a full load
 * or a rebuild, or the ids an import touched. A no-op with {@code search.engine = postgres}.
 *
 * <p>A full rebuild of a node-local (lucene) index is Hibernate Search's MassIndexer ({@link #massIndex}). Otherwise
 * each batch runs in a transaction bound to every clinic ({@link IndexingScope}; row-level security shows an unbound
 * one an empty patient table): patient ids by keyset, then those patients with their contacts in one range query,
 * handed to the indexing plan without waiting for the index, on {@code search.indexing.threads} threads. The backend's
 * futures are kept and awaited before the final flush and refresh, so a load returns only once every document is
 * written and visible (the count of documents equals the patients indexed), and a failed batch fails the load.
 *
 * <p>A node-local index (lucene) is emptied before a rebuild. A shared one (opensearch) is never emptied (so never
 * the MassIndexer): other nodes serve from it, so every patient is written over its document, then documents of
 * patients that no longer exist are removed.
 */
@Singleton
public class PatientIndexer {

    static final int BATCH = 2_000;
    /**
     * Ids per statement when re-indexing scattered ids: a short IN list (the statement monitor's normaliser recurses
     * once per list element and overflowed a thread's stack at 2,000).
     */
    static final int ID_LIST = 100;
    /** Patients per MassIndexer load (and per document batch it hands to the backend). */
    static final int MASS_LOAD_BATCH = 100;

    /** What a node does with the index at start, given the patients and the documents it counted. */
    public enum AtStart {
        /** The index holds a document per patient. */
        COMPLETE,
        /** Rebuild it (searches use PostgreSQL meanwhile). */
        REBUILD,
        /**
         * A shared index that is not empty but not complete either: other nodes serve from it (and may be writing to
         * it right now, which is a transient difference too), so a starting node leaves it; {@code reindex} repairs
         * it deliberately.
         */
        LEAVE_SHARED
    }

    private final SessionFactory sessionFactory;
    private final SearchEngineProperties properties;
    private final PatientIndexState state;

    PatientIndexer(SessionFactory sessionFactory, SearchEngineProperties properties, PatientIndexState state) {
        this.sessionFactory = sessionFactory;
        this.properties = properties;
        this.state = state;
    }

    /** Whether there is an index to keep (the engine is lucene or opensearch). */
    public boolean enabled() {
        return properties.engine().indexed();
    }

    /** Whether other nodes search the same index (opensearch): it is never emptied. */
    boolean shared() {
        return properties.engine() == SearchEngine.OPENSEARCH;
    }

    /** Patients in the database (all clinics): the size a complete index has. */
    public long patients() {
        try (Session session = sessionFactory.openSession()) {
            Transaction tx = session.beginTransaction();
            session.doWork(IndexingScope::bind);
            long count = session.createQuery("select count(p) from Patient p", Long.class).getSingleResult();
            tx.commit();
            return count;
        }
    }

    /** Documents in the index. */
    public long documents() {
        try (Session session = sessionFactory.openSession()) {
            return Search.session(session).search(Patient.class).where(f -> f.matchAll()).fetchTotalHitCount();
        }
    }

    /**
     * A missing, stale or unreadable (deleted at start) node-local index is rebuilt; a shared one only when it holds
     * no document at all (missing or new), since rebuilding it at every node start would rewrite what other nodes
     * serve and race their writes.
     */
    public AtStart atStart(long patients, long documents) {
        if (patients == documents) {
            return AtStart.COMPLETE;
        }
        return shared() && documents > 0 ? AtStart.LEAVE_SHARED : AtStart.REBUILD;
    }

    /**
     * Indexes every patient (emptying a node-local index first); searches answer through PostgreSQL meanwhile.
     *
     * @param progress called with the number of patients indexed so far
     * @return patients indexed
     */
    public long reindexAll(LongConsumer progress) {
        if (!enabled()) {
            return 0;
        }
        state.rebuilding(true);
        try {
            if (!shared()) {
                return massIndex(progress);
            }
            Batches batches = new Batches(properties.getIndexing().getThreads());
            long done;
            try {
                long lastId = 0;
                while (true) {
                    List<Long> ids = nextIds(lastId);
                    if (ids.isEmpty()) {
                        break;
                    }
                    batches.submit(() -> index(ids, true, batches));
                    lastId = ids.get(ids.size() - 1);
                    progress.accept(batches.done());
                }
            } finally {
                done = batches.await();
            }
            progress.accept(done);
            flushAndRefresh();
            if (shared()) {
                removeOrphans();
            }
            return done;
        } finally {
            state.rebuilding(false);
        }
    }

    /**
     * A node-local index, emptied and refilled by Hibernate Search's MassIndexer: it adds documents (no delete of a
     * previous version to apply, which is most of what an update costs Lucene in a bulk load) and flushes and refreshes
     * once at the end. Its threads are Hibernate Search's, so their connections read every clinic
     * ({@link IndexingConnections}); contacts come in batches ({@code hibernate.default_batch_fetch_size}).
     */
    private long massIndex(LongConsumer progress) {
        AtomicLong added = new AtomicLong();
        try {
            Search.mapping(sessionFactory).scope(Patient.class).massIndexer()
                    .threadsToLoadObjects(Math.max(1, properties.getIndexing().getThreads()))
                    .batchSizeToLoadObjects(MASS_LOAD_BATCH)
                    .idFetchSize(BATCH)
                    .cacheMode(CacheMode.IGNORE)
                    .purgeAllOnStart(true)
                    .mergeSegmentsOnFinish(true)
                    .monitor(new MassIndexingMonitor() {
                        @Override
                        public void documentsAdded(long increment) {
                            long done = added.addAndGet(increment);
                            synchronized (progress) {
                                progress.accept(done);
                            }
                        }

                        @Override
                        public void documentsBuilt(long increment) {
                        }

                        @Override
                        public void entitiesLoaded(long increment) {
                        }

                        @Override
                        public void addToTotalCount(long increment) {
                        }

                        @Override
                        public void indexingCompleted() {
                        }
                    })
                    .startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing patients", e);
        }
        return added.get();
    }

    /** Indexes these patients again, and removes from the index those that no longer exist. */
    public void reindex(Collection<Long> patientIds) {
        if (!enabled() || patientIds.isEmpty()) {
            return;
        }
        List<Long> sorted = new ArrayList<>(new TreeSet<>(patientIds));
        Batches batches = new Batches(1);
        try {
            for (int from = 0; from < sorted.size(); from += ID_LIST) {
                List<Long> ids = sorted.subList(from, Math.min(sorted.size(), from + ID_LIST));
                batches.submit(() -> index(ids, false, batches));
            }
        } finally {
            batches.await();
        }
        flushAndRefresh();
    }

    private void flushAndRefresh() {
        SearchWorkspace workspace = workspace();
        workspace.flush();
        workspace.refresh();
    }

    /** Documents whose patient no longer exists (a shared index is not emptied before a rebuild). */
    private void removeOrphans() {
        if (documents() <= patients()) {
            return;
        }
        List<Long> indexed;
        try (Session session = sessionFactory.openSession()) {
            indexed = Search.session(session).search(Patient.class).select(f -> f.id(Long.class))
                    .where(f -> f.matchAll()).fetchAllHits();
        }
        reindex(indexed); // patients found are written again, the others purged
    }

    private List<Long> nextIds(long lastId) {
        try (Session session = sessionFactory.openSession()) {
            Transaction tx = session.beginTransaction();
            session.doWork(IndexingScope::bind);
            List<Long> ids = session.createQuery("select p.id from Patient p where p.id > :last order by p.id", Long.class)
                    .setParameter("last", lastId)
                    .setMaxResults(BATCH)
                    .getResultList();
            tx.commit();
            return ids;
        }
    }

    /** @param range the ids are every patient id from the first to the last (a keyset batch): read them as a range */
    private long index(List<Long> ids, boolean range, Batches batches) {
        try (Session session = sessionFactory.openSession()) {
            session.setDefaultReadOnly(true);
            session.setCacheMode(CacheMode.IGNORE);
            Transaction tx = session.beginTransaction();
            session.doWork(IndexingScope::bind);
            // no DISTINCT: Hibernate 6 removes the fetch join's duplicate roots itself, DISTINCT would sort in SQL
            List<Patient> patients = range
                    ? session.createQuery("select p from Patient p left join fetch p.contacts "
                                    + "where p.id between :first and :last", Patient.class)
                            .setParameter("first", ids.get(0)).setParameter("last", ids.get(ids.size() - 1))
                            .getResultList()
                    : session.createQuery("select p from Patient p left join fetch p.contacts where p.id in :ids",
                                    Patient.class)
                            .setParameter("ids", ids)
                            .getResultList();
            SearchSession search = Search.session(session);
            if (!properties.getLucene().outboxPolling()) { // with outbox polling the plan only writes events
                search.indexingPlanSynchronizationStrategy(batches.strategy());
            }
            SearchIndexingPlan plan = search.indexingPlan();
            Set<Long> found = new HashSet<>();
            for (Patient patient : patients) {
                plan.addOrUpdate(patient);
                found.add(patient.getId());
            }
            for (Long id : ids) {
                if (!found.contains(id)) {
                    plan.purge(Patient.class, id, null);
                }
            }
            plan.execute();
            tx.commit();
            return found.size();
        }
    }

    private SearchWorkspace workspace() {
        return Search.mapping(sessionFactory).scope(Patient.class).workspace();
    }

    /**
     * Batches run on a few threads, and the backend's futures of their documents: {@link #await} returns once every
     * batch has run and every document is written (or throws the first failure).
     */
    private static final class Batches {

        private final ExecutorService executor;
        private final Semaphore slots;
        private final Queue<CompletableFuture<?>> written = new ConcurrentLinkedQueue<>();
        private final Queue<Future<Long>> batches = new ConcurrentLinkedQueue<>();
        private final AtomicLong done = new AtomicLong();

        Batches(int threads) {
            int n = Math.max(1, threads);
            AtomicInteger number = new AtomicInteger();
            executor = Executors.newFixedThreadPool(n, runnable -> {
                Thread thread = new Thread(runnable, "patient-indexer-" + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            slots = new Semaphore(2 * n); // a batch loading per thread and one waiting: bounded memory
        }

        /** Like {@code async()}, but the backend's future is kept. */
        IndexingPlanSynchronizationStrategy strategy() {
            return context -> {
                context.documentCommitStrategy(DocumentCommitStrategy.NONE);
                context.documentRefreshStrategy(DocumentRefreshStrategy.NONE);
                context.indexingFutureHandler(written::add);
            };
        }

        void submit(Callable<Long> batch) {
            slots.acquireUninterruptibly();
            batches.add(executor.submit(() -> {
                try {
                    long indexed = batch.call();
                    done.addAndGet(indexed);
                    return indexed;
                } finally {
                    slots.release();
                }
            }));
        }

        long done() {
            return done.get();
        }

        /** Waits for every batch and every document; the first failure is thrown. */
        long await() {
            executor.shutdown();
            try {
                for (Future<Long> batch : batches) {
                    batch.get();
                }
                for (CompletableFuture<?> future : written) {
                    Object report = future.get();
                    if (report instanceof SearchIndexingPlanExecutionReport r && r.throwable().isPresent()) {
                        throw new IllegalStateException("indexing patients failed", r.throwable().get());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while indexing patients", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("indexing patients failed", e.getCause());
            } finally {
                executor.shutdownNow();
            }
            return done.get();
        }
    }
}
