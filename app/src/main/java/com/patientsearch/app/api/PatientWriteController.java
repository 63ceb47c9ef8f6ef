package com.patientsearch.app.api;

import com.patientsearch.persistence.scope.CallerScope;
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
class PatientWriteController {

    private final PatientWriteService writes;

    PatientWriteController(PatientWriteService writes) {
        this.writes = writes;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<PatientRecord> create(CallerScope caller, @Body PatientWrite body) {
        PatientRecord created = writes.create(caller, body);
        return HttpResponse.created(created, URI.create("/api/v1/patients/" + created.id()));
    }

    @Put(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    PatientRecord update(CallerScope caller, @PathVariable String id, @Body PatientWrite body) {
        return writes.update(caller, PatientRecordController.Ids.parse("id", id), body);
    }

    @Post(uri = "/{id}/merge", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    PatientRecord merge(CallerScope caller, @PathVariable String id, @Body PatientWrite.Merge body) {
        return writes.merge(caller, PatientRecordController.Ids.parse("id", id), body);
    }
}
