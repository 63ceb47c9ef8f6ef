package com.patientsearch.app.admin;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.security.Roles;
import io.micronaut.security.annotation.Secured;
import com.patientsearch.operations.monitoring.DatabaseHealth;
import com.patientsearch.operations.monitoring.HealthFinding;
import com.patientsearch.operations.monitoring.LatencyDegradation;
import com.patientsearch.operations.monitoring.LatencyTrend;
import com.patientsearch.operations.monitoring.LatencyTrends;
import com.patientsearch.operations.monitoring.Maintenance;
import com.patientsearch.operations.monitoring.MaintenanceRun;
import com.patientsearch.operations.monitoring.PlanFinding;
import com.patientsearch.operations.monitoring.PlanFindings;
import com.patientsearch.operations.monitoring.PoolSnapshot;
import com.patientsearch.operations.monitoring.PoolStats;
import com.patientsearch.operations.monitoring.SessionReport;
import com.patientsearch.operations.monitoring.SlowQueryLog;
import com.patientsearch.operations.monitoring.SlowQueryProperties;
import com.patientsearch.operations.monitoring.StatementStat;
import com.patientsearch.operations.monitoring.StatementStats;
import com.patientsearch.search.common.Codes;
import com.patientsearch.search.common.PageSize;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.sql.SQLException;
import java.util.List;

/** JSON for operations dashboards: every list is bounded, every item a DTO (no entity, no parameter value). */
@Controller("/api/v1/admin/db")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.OPS)
@Tag(name = "Operations")
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class AdminDbController {

    private static final int MAX_LIMIT = 200;

    private final SlowQueryLog slowQueries;
    private final SlowQueryProperties slowQueryProperties;
    private final PlanFindings plans;
    private final StatementStats statements;
    private final DatabaseHealth health;
    private final PoolStats pools;
    private final Maintenance maintenance;
    private final LatencyTrends trends;

    AdminDbController(SlowQueryLog slowQueries, SlowQueryProperties slowQueryProperties, PlanFindings plans,
                      StatementStats statements, DatabaseHealth health, PoolStats pools, Maintenance maintenance,
                      LatencyTrends trends) {
        this.slowQueries = slowQueries;
        this.slowQueryProperties = slowQueryProperties;
        this.plans = plans;
        this.statements = statements;
        this.health = health;
        this.pools = pools;
        this.maintenance = maintenance;
        this.trends = trends;
    }

    /** @param rows null when the driver does not say (a statement run with {@code execute()}, whose results follow) */
    @Serdeable
    record SlowQueryItem(String at, String family, String sql, long durationMs, @Nullable Long rows, String endpoint,
                         boolean read, String planStatus, List<PlanFinding> findings) {
    }

    @Serdeable
    record SlowQueries(long thresholdMs, List<SlowQueryItem> items) {
    }

    @Serdeable
    record Statements(String order, List<StatementStat> items) {
    }

    @Serdeable
    record Findings(List<HealthFinding> items) {
    }

    @Serdeable
    record Pools(List<PoolSnapshot> items) {
    }

    @Serdeable
    record MaintenanceState(boolean schedulerEnabled, String window, boolean inWindow, boolean running,
                            List<MaintenanceRun> history) {
    }

    @Serdeable
    record Trends(List<LatencyDegradation> degradations, List<LatencyTrend> families) {
    }

    @Serdeable
    record Plans(List<PlanFinding> items) {
    }

    @Get("/slow-queries")
    SlowQueries slowQueries(
            @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "200", defaultValue = "50")) @Nullable @QueryValue String limit) {
        List<SlowQueryItem> items = slowQueries.recent(PageSize.parse("limit", limit, 50, MAX_LIMIT)).stream().map(q -> {
            PlanFindings.Capture capture = plans.forFamily(q.family());
            return new SlowQueryItem(q.at().toString(), q.family(), q.sql(), q.durationMs(), q.rows(), q.endpoint(),
                    q.read(), capture == null ? (q.read() ? "pending" : "not captured: write") : capture.status(),
                    capture == null ? List.of() : capture.findings());
        }).toList();
        return new SlowQueries(slowQueryProperties.getThreshold().toMillis(), items);
    }

    @Get("/plans")
    Plans plans(
            @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "200", defaultValue = "100")) @Nullable @QueryValue String limit) {
        return new Plans(plans.all(PageSize.parse("limit", limit, 100, MAX_LIMIT)));
    }

    @Get("/statements")
    Statements statements(
            @Parameter(description = "Sort order", schema = @Schema(implementation = String.class, allowableValues = {"total_time", "mean_time", "calls"}, defaultValue = "total_time")) @Nullable @QueryValue String order,
            @Parameter(description = "Page size", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "200", defaultValue = "20")) @Nullable @QueryValue String limit) throws SQLException {
        StatementStats.Order chosen = order == null ? StatementStats.Order.TOTAL_TIME
                : Codes.parse("order", StatementStats.Order.class, order);
        return new Statements(chosen.code(), statements.top(chosen, PageSize.parse("limit", limit, 20, MAX_LIMIT)));
    }

    @Get("/indexes")
    Findings indexes() throws SQLException {
        return new Findings(health.indexFindings());
    }

    @Get("/tables")
    Findings tables() throws SQLException {
        return new Findings(health.tableFindings());
    }

    @Get("/sessions")
    SessionReport sessions() throws SQLException {
        return health.sessions();
    }

    @Get("/pool")
    Pools pool() {
        return new Pools(pools.snapshots());
    }

    /** Latency per query family over time (interval means from pg_stat_statements snapshots) and degradations. */
    @Get("/trends")
    Trends trends(@Nullable @QueryValue String family,
                  @Parameter(description = "Families shown", schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "20", defaultValue = "8")) @Nullable @QueryValue String families,
                  @Parameter(description = "Points per family", schema = @Schema(implementation = Integer.class, minimum = "2", maximum = "500", defaultValue = "96")) @Nullable @QueryValue String points) throws SQLException {
        return new Trends(trends.degradations(), trends.trends(family, PageSize.parse("families", families, 8, 20),
                PageSize.parse("points", points, 96, 2, 500)));
    }

    @Get("/maintenance")
    MaintenanceState maintenance() {
        var p = maintenance.properties();
        return new MaintenanceState(p.isEnabled(), p.getWindowStart() + "-" + p.getWindowEnd() + " " + p.getZone(),
                maintenance.inWindow(), maintenance.isRunning(), maintenance.history());
    }

}
