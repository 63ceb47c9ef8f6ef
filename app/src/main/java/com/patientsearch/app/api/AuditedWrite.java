package com.patientsearch.app.api;

import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.audit.AuditUnavailableException;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.SQLException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A patient write and its audit event in one transaction: the service's own transaction joins this one, and the
 * event is inserted on the same connection before the commit. A change is never committed without its event (the
 * write answers 503 and changes nothing), nor an event without its change.
 */
@Singleton
class AuditedWrite {

    private final EntityManager entityManager;
    private final AuditTrail audit;

    AuditedWrite(EntityManager entityManager, AuditTrail audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    @Transactional
    <T> T run(Supplier<T> change, Function<T, AuditEvent> event) {
        T result = change.get();
        AuditEvent recorded = event.apply(result);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try {
                audit.recordIn(connection, recorded);
            } catch (SQLException e) {
                throw new AuditUnavailableException("the write's audit event cannot be written", e);
            }
        });
        return result;
    }
}
