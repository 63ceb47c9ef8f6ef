package com.patientsearch.app.admin;

import com.patientsearch.app.security.Roles;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.micronaut.security.authentication.Authentication;

import java.security.Principal;

/**
 * {@code /health} stays open (load balancers probe it) but answers only UP or DOWN; its details (database host and
 * version, pools, replicas, the audit writer) are for an ops token. Micronaut's own setting knows "authenticated",
 * not roles: any clinic's token would see the infrastructure.
 */
@Replaces(HealthEndpoint.class)
@Endpoint(value = HealthEndpoint.NAME, defaultSensitive = false)
class OpsOnlyHealthDetails extends HealthEndpoint {

    OpsOnlyHealthDetails(HealthAggregator<HealthResult> aggregator, HealthIndicator[] indicators,
                         @Liveness HealthIndicator[] liveness) {
        super(aggregator, indicators, liveness);
    }

    @Override
    protected HealthLevelOfDetail levelOfDetail(@Nullable Principal principal) {
        return principal instanceof Authentication authentication && authentication.getRoles().contains(Roles.OPS)
                ? HealthLevelOfDetail.STATUS_DESCRIPTION_DETAILS
                : HealthLevelOfDetail.STATUS;
    }
}
