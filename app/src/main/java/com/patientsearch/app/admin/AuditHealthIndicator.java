package com.patientsearch.app.admin;

import com.patientsearch.persistence.audit.AuditTrail;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit trail in /health: DOWN while its events cannot be written, since every patient read and write is then
 * refused (fail closed); a load balancer takes the node out until a write succeeds again.
 */
@Singleton
@Readiness
class AuditHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final AuditTrail audit;

    AuditHealthIndicator(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("queued", audit.queued());
        audit.failure().ifPresent(reason -> details.put("failure", reason));
        this.healthStatus = audit.failure().isPresent() ? HealthStatus.DOWN : HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "audit";
    }
}
