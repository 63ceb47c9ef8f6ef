package com.patientsearch.persistence.cache;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.persistence.resilience.RetryTransientReads;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;

import java.util.List;
import java.util.Optional;

/**
 * Clinics by code and the clinic list, served from the second-level cache (natural-id cache for the code, the query
 * cache for the list); a clinic change invalidates both. The startup banner lists the demo clinics through it; the
 * request paths resolve clinic codes inside their own statements, under the caller's scope.
 */
@Singleton
public class ClinicDirectory {

    /** The one query-cache region: reference lists only, never patient queries (they would rarely repeat). */
    static final String REFERENCE_LISTS = "reference-lists";

    private final EntityManager entityManager;

    ClinicDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @RetryTransientReads
    @ReadOnly
    public Optional<Clinic> byCode(String code) {
        return entityManager.unwrap(Session.class).bySimpleNaturalId(Clinic.class).loadOptional(code);
    }

    @RetryTransientReads
    @ReadOnly
    public List<Clinic> all() {
        return entityManager.createQuery("select c from Clinic c order by c.code", Clinic.class)
                .setHint(HibernateHints.HINT_CACHEABLE, true)
                .setHint(HibernateHints.HINT_CACHE_REGION, REFERENCE_LISTS)
                .getResultList();
    }
}
