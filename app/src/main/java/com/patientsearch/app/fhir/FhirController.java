package com.patientsearch.app.fhir;

import com.patientsearch.app.security.Roles;
import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.appointment.AppointmentHit;
import com.patientsearch.search.appointment.AppointmentSearchService;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.PositiveIds;
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.PatientRecord;
import com.patientsearch.search.patient.PatientRecordService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Appointment;

import java.time.Instant;
import java.util.List;

/**
 * FHIR R4 read and search of Patient and Appointment under /fhir/r4, on the API's services and with its tokens,
 * clinic scoping, row-level security and audit. Errors become OperationOutcomes ({@link OperationOutcomes}).
 */
@Controller(FhirLinks.BASE_PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN})
@Tag(name = "FHIR R4", description = "Patient and Appointment read and search as FHIR R4 (application/fhir+json); "
        + "the parameters are listed in GET /fhir/r4/metadata. Errors are OperationOutcomes.")
@ApiResponse(responseCode = "400", description = "A parameter that cannot be used: OperationOutcome naming it (expression)",
        content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
@ApiResponse(responseCode = "401", description = "No valid bearer token: OperationOutcome (login)",
        content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
@ApiResponse(responseCode = "403", description = "A role other than front_desk or clinician: OperationOutcome (forbidden)",
        content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
@ApiResponse(responseCode = "503", description = "The database is saturated or unreachable: OperationOutcome (transient); retry after Retry-After seconds",
        headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
        content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
class FhirController {

    private final PatientRecordService records;
    private final FhirPatients patients;
    private final AppointmentSearchService appointments;
    private final AuditTrail audit;
    private final FhirLinks links;
    private final FhirJson fhir;

    FhirController(PatientRecordService records, FhirPatients patients, AppointmentSearchService appointments, AuditTrail audit,
                   FhirLinks links, FhirJson fhir) {
        this.records = records;
        this.patients = patients;
        this.appointments = appointments;
        this.audit = audit;
        this.links = links;
        this.fhir = fhir;
    }

    @Get(uri = "/Patient/{id}", produces = {FhirJson.MEDIA_TYPE, "application/json"})
    @Operation(summary = "Read a patient (FHIR Patient)", description = "A merged record answers with active=false and "
            + "link replaced-by its survivor.")
    @ApiResponse(responseCode = "200", description = "The Patient resource",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "404", description = "Unknown id, or a patient of a clinic outside the token's: OperationOutcome (not-found)",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    HttpResponse<String> readPatient(@Parameter(hidden = true) CallerScope caller, @PathVariable @Parameter(description = "patient id",
            schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$")) String id) {
        PatientRecord record = records.get(caller, PositiveIds.parse("id", id));
        audit.record(new AuditEvent(Instant.now(), caller, "read", "GET /fhir/r4/Patient/{id}", List.of(record.id())));
        return fhir.respond(HttpStatus.OK, FhirResources.patient(record));
    }

    @Get(uri = "/Patient", produces = {FhirJson.MEDIA_TYPE, "application/json"})
    @Operation(summary = "Search patients (FHIR Patient?)", description = "name, family, given (starts-with, :exact, "
            + ":contains; name and given also :nickname), birthdate (eq|ge|le|gt|lt, partial dates), gender, identifier (system|value, the MRN), phone, "
            + "email, telecom, address, address-city, address-postalcode, active, _id, _count (1-100), _sort (family | "
            + "-_lastUpdated), _total, _content (the API's typo-tolerant search). Unknown parameters are ignored unless "
            + "Prefer: handling=strict.")
    @ApiResponse(responseCode = "200", description = "A searchset Bundle; link next carries the encrypted cursor of the next page",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    HttpResponse<String> searchPatients(HttpRequest<?> request, @Parameter(hidden = true) CallerScope caller,
            // Bound for the API document only; FhirParams reads every parameter, with modifiers and repeats.
            @RequestBean FhirPatientSearchRequest described) {
        FhirParams params = FhirParams.of(request, FhirPatientQuery.NAMES);
        FhirPatients.Result result = patients.search(caller, params, links.base(request));
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /fhir/r4/Patient", result.patientIds()));
        return HttpResponse.<String>status(HttpStatus.OK).contentType(FhirJson.CONTENT_TYPE).body(result.json());
    }

    @Get(uri = "/Appointment/{id}", produces = {FhirJson.MEDIA_TYPE, "application/json"})
    @Operation(summary = "Read an appointment (FHIR Appointment)")
    @ApiResponse(responseCode = "200", description = "The Appointment resource",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "404", description = "Unknown id, or an appointment of a clinic outside the token's",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    HttpResponse<String> readAppointment(@Parameter(hidden = true) CallerScope caller, @PathVariable @Parameter(description = "appointment id",
            schema = @Schema(implementation = String.class, pattern = "^[0-9]{1,18}$")) String id) {
        AppointmentHit hit = appointments.get(caller, PositiveIds.parse("id", id));
        audit.record(new AuditEvent(Instant.now(), caller, "read", "GET /fhir/r4/Appointment/{id}", List.of(hit.patientId())));
        return fhir.respond(HttpStatus.OK, FhirResources.appointment(hit));
    }

    @Get(uri = "/Appointment", produces = {FhirJson.MEDIA_TYPE, "application/json"})
    @Operation(summary = "Search appointments (FHIR Appointment?)", description = "patient (newest first; date optional), "
            + "actor/practitioner with date (earliest first), or date alone with a token of one clinic (that clinic's "
            + "schedule, earliest first). date: [eq|ge|le|gt|lt]YYYY[-MM[-DD]], repeated to bound both sides, days in the "
            + "clinic's time zone; without patient both sides bounded, at most 366 days. status "
            + "(booked|checked-in|fulfilled|cancelled|noshow), _count (1-100), _total.")
    @ApiResponse(responseCode = "200", description = "A searchset Bundle",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    HttpResponse<String> searchAppointments(HttpRequest<?> request, @Parameter(hidden = true) CallerScope caller,
            // Bound for the API document only; FhirParams reads every parameter, with repeats.
            @RequestBean FhirAppointmentSearchRequest described) {
        FhirParams params = FhirParams.of(request, FhirAppointmentQuery.NAMES);
        Page<AppointmentHit> page;
        try {
            page = appointments.search(caller, FhirAppointmentQuery.parse(params, caller.clinics()));
        } catch (InvalidParameterException e) {
            throw FhirAppointmentQuery.asFhir(e);
        }
        audit.record(new AuditEvent(Instant.now(), caller, "search", "GET /fhir/r4/Appointment",
                page.items().stream().map(AppointmentHit::patientId).distinct().toList()));
        List<Appointment> resources = page.items().stream().map(FhirResources::appointment).toList();
        return fhir.respond(HttpStatus.OK, FhirLinks.searchset(links.base(request), "Appointment", params, resources,
                page.nextCursor(), params.totalWanted()));
    }
}
