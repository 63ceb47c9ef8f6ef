package com.patientsearch.app.admin;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.context.annotation.Requires;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import io.micronaut.transaction.annotation.ReadOnly;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Test-only endpoint running a deliberately slow, parameterised read (patient.middle_name has no index). */
@Controller("/test-ops/patients")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "test.ops-probe", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
class SlowProbeController {

    private final DataSource dataSource;

    SlowProbeController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The fixture clinic: row-level security shows the app's login no patient outside a caller's clinics. */
    private static final CallerScope OPS_CLINIC = CallerScope.of("probe", "front_desk", java.util.Set.of("OPS"), null);

    @Get("/by-middle-name/{middleName}")
    @ReadOnly
    List<Long> byMiddleName(String middleName) throws SQLException {
        Connection connection = dataSource.getConnection(); // the transaction's: closing it is the transaction's job
        RowSecurity.bind(connection, OPS_CLINIC);
        try (PreparedStatement statement = connection.prepareStatement(
                     "SELECT id, first_name FROM patient WHERE middle_name = ? ORDER BY id")) {
            statement.setString(1, middleName);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }
}
