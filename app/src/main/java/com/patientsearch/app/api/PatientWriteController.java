package com.patientsearch.app.api;

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
class PatientWriteController {

    private final PatientWriteService writes;
    private final AuditedWrite audited;

    PatientWriteController(PatientWriteService writes, AuditedWrite audited) {
        this.writes = writes;
        this.audited = audited;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<PatientRecord> create(CallerScope caller, @Body PatientWrite body) {
        PatientRecord created = audited.run(() -> writes.create(caller, body),
                record -> new AuditEvent(Instant.now(), caller, "create", "POST /api/v1/patients", List.of(record.id())));
        return HttpResponse.created(created, URI.create("/api/v1/patients/" + created.id()));
    }

    @Put(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    PatientRecord update(CallerScope caller, @PathVariable String id, @Body PatientWrite body) {
        long patient = PositiveIds.parse("id", id);
        return audited.run(() -> writes.update(caller, patient, body),
                record -> new AuditEvent(Instant.now(), caller, "update", "PUT /api/v1/patients/{id}", List.of(record.id())));
    }

    @Post(uri = "/{id}/merge", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    PatientRecord merge(CallerScope caller, @PathVariable String id, @Body PatientWrite.Merge body) {
        long duplicate = PositiveIds.parse("id", id);
        // Both sides were touched: the merged-away duplicate (the answer) and the survivor (required, so non-null here).
        return audited.run(() -> writes.merge(caller, duplicate, body),
                record -> new AuditEvent(Instant.now(), caller, "merge", "POST /api/v1/patients/{id}/merge",
                        List.of(duplicate, body.survivorId())));
    }
}
