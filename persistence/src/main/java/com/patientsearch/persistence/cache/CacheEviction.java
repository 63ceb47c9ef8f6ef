package com.patientsearch.persistence.cache;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.domain.clinic.Provider;
import com.patientsearch.domain.patient.Patient;
import jakarta.inject.Singleton;
import org.hibernate.Cache;
import org.hibernate.SessionFactory;

import java.util.Collection;

/**
 * Evicts what a bulk load changed behind Hibernate's back. COPY and the importer's SQL never pass through the
 * entities, so no cache entry learns of them: without this, a re-imported patient would keep being served from the
 * cache as it was. In clustered mode an eviction invalidates the other nodes too.
 */
@Singleton
public class CacheEviction {

    private static final String CONTACTS = Patient.class.getName() + ".contacts";
    private static final String ADDRESSES = Patient.class.getName() + ".addresses";

    private final SessionFactory sessionFactory;

    CacheEviction(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Patients whose row, contacts or addresses a bulk statement rewrote (their old children stay unreachable). */
    public void patients(Collection<Long> ids) {
        Cache cache = sessionFactory.getCache();
        for (Long id : ids) {
            cache.evictEntityData(Patient.class, id);
            cache.evictCollectionData(CONTACTS, id);
            cache.evictCollectionData(ADDRESSES, id);
        }
    }

    /** Clinics and providers a bulk load added or renamed, with the natural-id and query caches built on them. */
    public void referenceData() {
        Cache cache = sessionFactory.getCache();
        cache.evictEntityData(Clinic.class);
        cache.evictNaturalIdData(Clinic.class);
        cache.evictEntityData(Provider.class);
        cache.evictQueryRegions();
    }
}
