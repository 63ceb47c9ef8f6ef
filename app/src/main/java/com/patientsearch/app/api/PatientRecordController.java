package com.patientsearch.app.api;

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
class PatientRecordController {

    private final PatientRecordService records;
    private final AuditTrail audit;

    PatientRecordController(PatientRecordService records, AuditTrail audit) {
        this.records = records;
        this.audit = audit;
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    PatientRecord get(CallerScope caller, @PathVariable String id) {
        PatientRecord record = records.get(caller, PositiveIds.parse("id", id));
        audit.record(new AuditEvent(Instant.now(), caller, "read", "GET /api/v1/patients/{id}", List.of(record.id())));
        return record;
    }
}
