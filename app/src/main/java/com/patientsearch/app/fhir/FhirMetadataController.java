package com.patientsearch.app.fhir;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations;

import java.util.Date;

/**
 * {@code GET /fhir/r4/metadata}: exactly what this server supports. Open, as FHIR clients expect (they read it
 * before they authenticate); it holds no patient data.
 */
@Controller(FhirLinks.BASE_PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "FHIR R4")
class FhirMetadataController {

    private final String statement;

    FhirMetadataController(FhirJson fhir) {
        this.statement = fhir.write(capabilities());
    }

    @Get(uri = "/metadata", produces = {FhirJson.MEDIA_TYPE, "application/json"})
    @Operation(summary = "The CapabilityStatement (open: no token needed)")
    @ApiResponse(responseCode = "200", description = "CapabilityStatement",
            content = @Content(mediaType = FhirJson.MEDIA_TYPE, schema = @Schema(type = "object")))
    HttpResponse<String> metadata() {
        return HttpResponse.<String>status(HttpStatus.OK).contentType(FhirJson.CONTENT_TYPE).body(statement);
    }

    static CapabilityStatement capabilities() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE).setDate(new Date(0))
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1)
                .setFormat(java.util.List.of(new CodeType("json")));
        cs.getSoftware().setName("patient-search");
        cs.getImplementation().setDescription("patient-search FHIR R4 read and search");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Bearer token (JWT, HS256) with role front_desk or clinician and a clinics claim; "
                + "only patients of those clinics are visible.")
                .addService().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service").setCode("OAuth");

        CapabilityStatementRestResourceComponent patient = resource(rest, "Patient");
        string(patient, "name", "Any part of the name: starts-with, case and accents ignored; :exact, :contains; "
                + ":nickname (the word or a nickname of it, either direction: bob finds Robert, robert finds Bob)");
        string(patient, "family", "Family name: starts-with; :exact, :contains");
        string(patient, "given", "Given or middle name: starts-with; :exact, :contains, :nickname");
        param(patient, "birthdate", Enumerations.SearchParamType.DATE, "eq, ge, le, gt, lt prefixes; YYYY, YYYY-MM, YYYY-MM-DD");
        param(patient, "gender", Enumerations.SearchParamType.TOKEN, "female | male | other | unknown");
        param(patient, "identifier", Enumerations.SearchParamType.TOKEN, FhirResources.MRN_SYSTEM + "|{mrn}, or {mrn}");
        param(patient, "phone", Enumerations.SearchParamType.TOKEN, "Digits in any formatting; a number or its last 4+ digits");
        param(patient, "email", Enumerations.SearchParamType.TOKEN, "Any case");
        param(patient, "telecom", Enumerations.SearchParamType.TOKEN, "phone|{number} or email|{address}");
        string(patient, "address", "Starts-with any part of an address; with another selective parameter");
        string(patient, "address-city", "City starts-with; with another selective parameter");
        string(patient, "address-postalcode", "Postal code starts-with; with another selective parameter");
        param(patient, "active", Enumerations.SearchParamType.TOKEN, "true | false (false includes merged records)");
        param(patient, "_id", Enumerations.SearchParamType.TOKEN, "Patient ids");
        param(patient, "_content", Enumerations.SearchParamType.STRING,
                "The API's typo-tolerant search (names with typos, accents, prefixes; a date or year in the text)");

        CapabilityStatementRestResourceComponent appointment = resource(rest, "Appointment");
        param(appointment, "patient", Enumerations.SearchParamType.REFERENCE,
                "Patient/{id}: the patient's appointments, newest first; date optional (any range, open-ended too)");
        param(appointment, "actor", Enumerations.SearchParamType.REFERENCE, "Patient/{id} or Practitioner/{id} (as patient or practitioner)");
        param(appointment, "practitioner", Enumerations.SearchParamType.REFERENCE,
                "Practitioner/{id}, with date: the practitioner's days, earliest first; not with patient");
        param(appointment, "date", Enumerations.SearchParamType.DATE, "eq, ge, le, gt, lt prefixes; YYYY, YYYY-MM, YYYY-MM-DD; "
                + "repeat to bound both sides; days in the clinic's time zone. With practitioner, or alone (a token of one "
                + "clinic: that clinic's schedule, earliest first), both sides bounded and at most 366 days");
        param(appointment, "status", Enumerations.SearchParamType.TOKEN, "booked | checked-in | fulfilled | cancelled | noshow");
        return cs;
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement.CapabilityStatementRestComponent rest, String type) {
        CapabilityStatementRestResourceComponent r = rest.addResource().setType(type);
        r.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        r.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        r.setVersioning(CapabilityStatement.ResourceVersionPolicy.NOVERSION).setReadHistory(false)
                .setUpdateCreate(false).setConditionalRead(CapabilityStatement.ConditionalReadStatus.NOTSUPPORTED);
        param(r, "_count", Enumerations.SearchParamType.NUMBER, "1 to 100, 20 by default");
        param(r, "_total", Enumerations.SearchParamType.TOKEN, "none; otherwise total is given only when the whole result is on the first page");
        if (type.equals("Patient")) {
            param(r, "_sort", Enumerations.SearchParamType.TOKEN, "family (family, given, id; the default) or -_lastUpdated");
        }
        return r;
    }

    private static void string(CapabilityStatementRestResourceComponent r, String name, String doc) {
        param(r, name, Enumerations.SearchParamType.STRING, doc);
    }

    private static void param(CapabilityStatementRestResourceComponent r, String name, Enumerations.SearchParamType type, String doc) {
        r.addSearchParam().setName(name).setType(type).setDocumentation(doc)
                .setDefinition(name.startsWith("_") ? "http://hl7.org/fhir/SearchParameter/Resource-" + name.substring(1)
                        : "http://hl7.org/fhir/SearchParameter/" + r.getType() + "-" + name);
    }
}
