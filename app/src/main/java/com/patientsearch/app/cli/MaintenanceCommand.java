package com.patientsearch.app.cli;

import com.patientsearch.operations.monitoring.Maintenance;
import com.patientsearch.operations.monitoring.MaintenanceRun;
import io.micronaut.context.annotation.Prototype;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maintenance analyze|vacuum|reindex}: the scheduler's jobs on demand (REINDEX ignores the window here). */
// A bean (prototype) so MicronautFactory builds it with its dependencies.
@Prototype
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = "Run database maintenance now: analyze (stale statistics), vacuum (dead tuples), "
                + "reindex (invalid or bloated indexes, CONCURRENTLY). Each statement runs with a lock_timeout.")
class MaintenanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "analyze | vacuum | reindex")
    String job;

    private final Maintenance maintenance;

    MaintenanceCommand(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public Integer call() throws SQLException {
        Maintenance.Job chosen;
        try {
            chosen = Maintenance.Job.valueOf(job.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "JOB must be analyze, vacuum or reindex, not '" + job + "'");
        }
        List<MaintenanceRun> runs = maintenance.run(chosen, "cli", true);
        var out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println(job + ": nothing needs it");
        }
        for (MaintenanceRun run : runs) {
            out.printf("%s %s: %s (%d ms)%n", run.job(), run.target(), run.outcome(), run.durationMs());
        }
        out.flush();
        return runs.stream().allMatch(r -> "ok".equals(r.outcome())) ? 0 : 1;
    }
}
