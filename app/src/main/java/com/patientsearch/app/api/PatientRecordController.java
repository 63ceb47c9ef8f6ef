package com.patientsearch.app.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.security.Roles;
import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.time.Instant;
import java.util.List;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.PositiveIds;
import com.patientsearch.search.patient.PatientRecord;
import com.patientsearch.search.patient.PatientRecordService;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** {@code GET /api/v1/patients/{id}}: the record with contacts, addresses and appointments around today. */
@Controller("/api/v1/patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN})
@Tag(name = "Patients")
class PatientRecordController {

    private final PatientRecordService records;
    private final AuditTrail audit;

    PatientRecordController(PatientRecordService records, AuditTrail audit) {
        this.records = records;
        this.audit = audit;
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a patient's record", description = "With contacts, addresses, the next 10 and the last 10 appointments.")
    @ApiResponse(responseCode = "200", description = "The record")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    PatientRecord get(@Parameter(hidden = true) CallerScope caller, @Parameter(description = "Patient id", schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$", example = "1")) @PathVariable String id) {
        PatientRecord record = records.get(caller, PositiveIds.parse("id", id));
        audit.record(new AuditEvent(Instant.now(), caller, "read", "GET /api/v1/patients/{id}", List.of(record.id())));
        return record;
    }
}
