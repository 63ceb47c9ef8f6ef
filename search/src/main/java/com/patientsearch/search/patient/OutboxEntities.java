package com.patientsearch.search.patient;

import io.micronaut.core.annotation.Introspected;
import org.hibernate.search.mapper.orm.outboxpolling.cluster.impl.Agent;
import org.hibernate.search.mapper.orm.outboxpolling.event.impl.OutboxEvent;

/**
 * Hibernate Search's outbox-polling entities, introspected (their id only: the rest is package-private) so Micronaut's Bean Validation (which Hibernate runs on
 * every persisted entity) can look at them: without it the first write with outbox polling fails.
 */
@Introspected(classes = {OutboxEvent.class, Agent.class}, includes = "id")
final class OutboxEntities {

    private OutboxEntities() {
    }
}
