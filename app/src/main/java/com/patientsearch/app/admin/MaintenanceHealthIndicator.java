package com.patientsearch.app.admin;

import com.patientsearch.operations.monitoring.Maintenance;
import com.patientsearch.operations.monitoring.MaintenanceRun;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maintenance state in /health: informational (always UP); a failed job shows in its details, not as DOWN. */
@Singleton
class MaintenanceHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Maintenance maintenance;

    MaintenanceHealthIndicator(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scheduler", maintenance.properties().isEnabled() ? "enabled" : "disabled");
        details.put("running", maintenance.isRunning());
        details.put("inWindow", maintenance.inWindow());
        List<MaintenanceRun> history = maintenance.history();
        if (!history.isEmpty()) {
            MaintenanceRun last = history.get(0);
            details.put("lastRun", last.job() + " " + last.target() + ": " + last.outcome() + " at " + last.at());
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "maintenance";
    }
}
