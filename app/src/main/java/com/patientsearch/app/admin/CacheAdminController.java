package com.patientsearch.app.admin;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.security.Roles;
import io.micronaut.security.annotation.Secured;
import com.patientsearch.persistence.cache.CacheStatistics;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/admin/cache}: this node's second-level cache regions with hits, misses and hit ratio (the same
 * numbers as the {@code hibernate.second.level.cache.*} and {@code hibernate.cache.region.*} meters). Counters only,
 * never cached content.
 */
@Controller("/api/v1/admin/cache")
@Secured(Roles.OPS)
@Tag(name = "Operations")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
class CacheAdminController {

    @Serdeable
    record Region(String name, long hits, long misses, long puts, @io.micronaut.core.annotation.Nullable Double hitRatio, long entries) {
    }

    @Serdeable
    record Regions(List<Region> regions) {
    }

    private final CacheStatistics statistics;

    CacheAdminController(CacheStatistics statistics) {
        this.statistics = statistics;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    Regions regions() {
        return new Regions(statistics.regions().stream()
                // JSON has no NaN: a region nobody has read yet has no ratio.
                .map(r -> new Region(r.name(), r.hits(), r.misses(), r.puts(),
                        Double.isNaN(r.hitRatio()) ? null : r.hitRatio(), r.entries()))
                .toList());
    }
}
