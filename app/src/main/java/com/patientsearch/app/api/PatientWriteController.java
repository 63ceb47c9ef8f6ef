package com.patientsearch.app.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.security.Roles;
import com.patientsearch.persistence.audit.AuditEvent;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import java.time.Instant;
import java.util.List;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.PositiveIds;
import com.patientsearch.search.patient.PatientRecord;
import com.patientsearch.search.patient.PatientWrite;
import com.patientsearch.search.patient.PatientWriteService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;

import java.net.URI;

/** Writes: create (201 + Location), update with the version read (stale: 409), merge into a survivor. */
@Controller("/api/v1/patients")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.CLINICIAN)
@Tag(name = "Patients")
class PatientWriteController {

    private final PatientWriteService writes;
    private final AuditedWrite audited;

    PatientWriteController(PatientWriteService writes, AuditedWrite audited) {
        this.writes = writes;
        this.audited = audited;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a patient", description = "In one of the token's clinics; the MRN is unique per clinic.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PatientRecord.class)))
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/TooLarge")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    HttpResponse<PatientRecord> create(@Parameter(hidden = true) CallerScope caller, @Body PatientWrite body) {
        PatientRecord created = audited.run(() -> writes.create(caller, body),
                record -> new AuditEvent(Instant.now(), caller, "create", "POST /api/v1/patients", List.of(record.id())));
        return HttpResponse.created(created, URI.create("/api/v1/patients/" + created.id()));
    }

    @Put(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Update a patient", description = "The whole record, with the version read; a stale version answers 409.")
    @ApiResponse(responseCode = "200", description = "The updated record")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "413", ref = "#/components/responses/TooLarge")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    PatientRecord update(@Parameter(hidden = true) CallerScope caller, @Parameter(description = "Patient id", schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$", example = "1")) @PathVariable String id, @Body PatientWrite body) {
        long patient = PositiveIds.parse("id", id);
        return audited.run(() -> writes.update(caller, patient, body),
                record -> new AuditEvent(Instant.now(), caller, "update", "PUT /api/v1/patients/{id}", List.of(record.id())));
    }

    @Post(uri = "/{id}/merge", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Merge a duplicate into a survivor", description = "The duplicate ({id}) becomes status merged, pointing at the survivor; it leaves searches.")
    @ApiResponse(responseCode = "200", description = "The merged-away duplicate")
    @ApiResponse(responseCode = "400", ref = "#/components/responses/BadRequest")
    @ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
    @ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
    @ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
    @ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
    PatientRecord merge(@Parameter(hidden = true) CallerScope caller, @Parameter(description = "The duplicate's id", schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$", example = "1")) @PathVariable String id, @Body PatientWrite.Merge body) {
        long duplicate = PositiveIds.parse("id", id);
        // Both sides were touched: the merged-away duplicate (the answer) and the survivor (required, so non-null here).
        return audited.run(() -> writes.merge(caller, duplicate, body),
                record -> new AuditEvent(Instant.now(), caller, "merge", "POST /api/v1/patients/{id}/merge",
                        List.of(duplicate, body.survivorId())));
    }
}
