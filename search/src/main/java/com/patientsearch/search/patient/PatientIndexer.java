package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import jakarta.inject.Singleton;
import org.hibernate.CacheMode;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.session.SearchSession;
import org.hibernate.search.mapper.orm.work.SearchIndexingPlan;
import org.hibernate.search.mapper.orm.work.SearchWorkspace;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Indexes patients that bulk loads wrote around Hibernate (COPY in seed and imports): all of them after a full load
 * or a rebuild, or the ids an import touched. A no-op with {@code search.engine = postgres}.
 *
 * <p>Not Hibernate Search's MassIndexer: it opens sessions of its own, on connections no caller scope is bound to,
 * and row-level security shows those an empty patient table. Here each batch runs in a transaction bound to every
 * clinic: patient ids by keyset, then those patients with their contacts in one query, handed to the indexing plan
 * without waiting for the index; one flush and refresh at the end make the whole load visible at once.
 */
@Singleton
public class PatientIndexer {

    static final int BATCH = 2_000;
    /**
     * Ids per statement when re-indexing scattered ids: a short IN list (the statement monitor's normaliser recurses
     * once per list element and overflowed a thread's stack at 2,000).
     */
    static final int ID_LIST = 100;

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

    /** Patients in the database (all clinics): the size a complete index has. */
    public long patients() {
        try (Session session = sessionFactory.openSession()) {
            Transaction tx = session.beginTransaction();
            RowSecurity.bind(session, everyClinic(session));
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
     * Empties the index and indexes every patient; searches answer through PostgreSQL meanwhile.
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
            workspace().purge();
            long done = 0;
            long lastId = 0;
            while (true) {
                List<Long> ids = nextIds(lastId);
                if (ids.isEmpty()) {
                    break;
                }
                index(ids, true);
                done += ids.size();
                lastId = ids.get(ids.size() - 1);
                progress.accept(done);
            }
            SearchWorkspace workspace = workspace();
            workspace.flush();
            workspace.refresh();
            return done;
        } finally {
            state.rebuilding(false);
        }
    }

    /** Indexes these patients again, and removes from the index those that no longer exist. */
    public void reindex(Collection<Long> patientIds) {
        if (!enabled() || patientIds.isEmpty()) {
            return;
        }
        List<Long> sorted = new ArrayList<>(new TreeSet<>(patientIds));
        for (int from = 0; from < sorted.size(); from += ID_LIST) {
            index(sorted.subList(from, Math.min(sorted.size(), from + ID_LIST)), false);
        }
        SearchWorkspace workspace = workspace();
        workspace.flush();
        workspace.refresh();
    }

    private List<Long> nextIds(long lastId) {
        try (Session session = sessionFactory.openSession()) {
            Transaction tx = session.beginTransaction();
            RowSecurity.bind(session, everyClinic(session));
            List<Long> ids = session.createQuery("select p.id from Patient p where p.id > :last order by p.id", Long.class)
                    .setParameter("last", lastId)
                    .setMaxResults(BATCH)
                    .getResultList();
            tx.commit();
            return ids;
        }
    }

    /** @param range the ids are every patient id from the first to the last (a keyset batch): read them as a range */
    private void index(List<Long> ids, boolean range) {
        try (Session session = sessionFactory.openSession()) {
            session.setDefaultReadOnly(true);
            session.setCacheMode(CacheMode.IGNORE);
            Transaction tx = session.beginTransaction();
            RowSecurity.bind(session, everyClinic(session));
            List<Patient> patients = range
                    ? session.createQuery("select distinct p from Patient p left join fetch p.contacts "
                                    + "where p.id between :first and :last", Patient.class)
                            .setParameter("first", ids.get(0)).setParameter("last", ids.get(ids.size() - 1))
                            .getResultList()
                    : session.createQuery("select distinct p from Patient p left join fetch p.contacts where p.id in :ids",
                                    Patient.class)
                            .setParameter("ids", ids)
                            .getResultList();
            SearchSession search = Search.session(session);
            if (!properties.getLucene().outboxPolling()) { // with outbox polling the plan only writes events
                search.indexingPlanSynchronizationStrategy(IndexingPlanSynchronizationStrategy.async());
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
        }
    }

    private static CallerScope everyClinic(Session session) {
        Set<String> codes = new TreeSet<>(session.createNativeQuery("SELECT code FROM clinic", String.class).getResultList());
        if (codes.isEmpty()) {
            codes.add(""); // no clinic, no patient: a scope that matches none
        }
        return CallerScope.of("patient-indexer", "system", codes, null);
    }

    private SearchWorkspace workspace() {
        return Search.mapping(sessionFactory).scope(Patient.class).workspace();
    }
}
