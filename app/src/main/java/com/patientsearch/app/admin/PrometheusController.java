package com.patientsearch.app.admin;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.security.Roles;
import io.micronaut.security.annotation.Secured;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code GET /metrics} in Prometheus text format. Micronaut's own metrics endpoint (JSON) is switched off in
 * application.yml so this path is free; scraping reads in-memory meters only (PostgreSQL gauges are collected on a
 * schedule).
 */
@Controller
@Requires(beans = PrometheusMeterRegistry.class)
// Ops only; security.metrics.public opens it to a token-less scraper (MetricsAccessRule).
@Secured(Roles.OPS)
@Tag(name = "Operations")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
class PrometheusController {

    private final PrometheusMeterRegistry registry;

    PrometheusController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get("/metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    String scrape() {
        return registry.scrape();
    }
}
