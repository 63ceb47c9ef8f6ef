package com.patientsearch.app.resilience;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.persistence.EntityManager;

/** Test-only endpoint: a read-only query that takes about a second, to be in flight during shutdown. */
@Controller("/test/slow-read")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "slow-reads.enabled", value = "true")
class SlowReads {

    private final EntityManager entityManager;

    SlowReads(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Get
    @ReadOnly
    String read() {
        entityManager.createNativeQuery("SELECT pg_sleep(1.5)").getSingleResult();
        return "done";
    }
}
