package com.patientsearch.app.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.patientsearch.app.security.Roles;
import com.patientsearch.app.security.TestTokens;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The FHIR face through HAPI FHIR's own generic client (a client no one here wrote): searches, paging through next
 * links, reads, the error statuses FHIR clients expect, and the same answers as the API for the same question.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirHapiClientTest implements TestPropertyProvider {

    private static final FhirContext FHIR = FhirContext.forR4();

    @Inject
    EmbeddedServer server;
    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    OwnerDatabase owner;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("fhir_hapi");
    }

    @BeforeAll
    void fixtures() throws Exception {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        try (Connection connection = owner.connection(); Statement s = connection.createStatement()) {
            s.execute("INSERT INTO clinic (code, name, time_zone) VALUES ('EAST', 'East', 'America/New_York'), ('WEST', 'West', 'America/Los_Angeles')");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender)
                    SELECT c.id, v.mrn, v.first, v.middle, v.last, v.dob::date, v.gender
                    FROM clinic c, (VALUES ('E-1', 'José', NULL, 'García', '1980-01-02', 'male'),
                                           ('E-2', 'Josefina', 'Ana', 'Garcia', '1991-03-04', 'female'),
                                           ('E-3', 'Marta', NULL, 'Garcés', '1980-07-30', 'female'),
                                           ('E-4', 'Old', NULL, 'Duplicate', '1970-05-05', 'male'),
                                           ('E-5', 'Old', NULL, 'Survivor', '1970-05-05', 'male'),
                                           ('E-6', 'Robert', NULL, 'Roe', '1962-02-03', 'male'),
                                           ('E-7', 'Bob', NULL, 'Roe', '1964-04-05', 'male'),
                                           ('E-8', 'Roberta', NULL, 'Roe', '1966-06-07', 'female')) AS v(mrn, first, middle, last, dob, gender)
                    WHERE c.code = 'EAST'""");
            // 23 Smiths for paging, with dates of birth spread over 1985
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT c.id, 'S-' || g, 'Pat' || chr(64 + g), 'Smith', DATE '1985-01-01' + g * 10, 'other'
                    FROM clinic c, generate_series(1, 23) g WHERE c.code = 'EAST'""");
            s.execute("""
                    INSERT INTO patient (clinic_id, mrn, first_name, last_name, date_of_birth, gender)
                    SELECT c.id, 'W-1', 'José', 'García', DATE '1980-01-02', 'male' FROM clinic c WHERE c.code = 'WEST'""");
            s.execute("UPDATE patient SET status = 'merged', merged_into_id = (SELECT id FROM patient WHERE mrn = 'E-5') WHERE mrn = 'E-4'");
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT id, 'mobile', '(555) 010-0001', 'jose@example.com', true FROM patient WHERE mrn = 'E-1'""");
            s.execute("""
                    INSERT INTO address (patient_id, street, city, region, postal_code, country)
                    SELECT id, '1 Main St', 'Springfield', 'IL', '62701', 'US' FROM patient WHERE mrn IN ('E-1', 'E-3')""");
            s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT id, 'Greg', 'House' FROM clinic WHERE code = 'EAST'");
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT p.id, pr.id, p.clinic_id, t, t + interval '30 minutes', 'scheduled'
                    FROM patient p JOIN provider pr ON pr.clinic_id = p.clinic_id,
                         (VALUES (TIMESTAMPTZ '2026-11-23 09:00-05'), (TIMESTAMPTZ '2026-11-23 23:30-05'), (TIMESTAMPTZ '2026-11-24 10:00-05')) v(t)
                    WHERE p.mrn = 'E-1'""");
            // Marta: October 31st 22:00 in New York is November 1st in UTC; a cancelled visit; one in December
            s.execute("""
                    INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status)
                    SELECT p.id, pr.id, p.clinic_id, v.t, v.t + interval '30 minutes', v.status
                    FROM patient p JOIN provider pr ON pr.clinic_id = p.clinic_id,
                         (VALUES (TIMESTAMPTZ '2026-10-31 22:00 America/New_York', 'scheduled'),
                                 (TIMESTAMPTZ '2026-11-02 08:00 America/New_York', 'cancelled'),
                                 (TIMESTAMPTZ '2026-12-01 09:00 America/New_York', 'scheduled')) v(t, status)
                    WHERE p.mrn = 'E-3'""");
        }
    }

    private IGenericClient client(String role, String... clinics) {
        IGenericClient client = FHIR.newRestfulGenericClient(server.getURL() + "/fhir/r4");
        if (role != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(TestTokens.token(role, clinics)));
        }
        return client;
    }

    private IGenericClient frontDesk() {
        return client(Roles.FRONT_DESK, "EAST");
    }

    private List<String> mrns(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> ((Patient) e.getResource()).getIdentifierFirstRep().getValue()).toList();
    }

    private Bundle search(String query) {
        return frontDesk().search().byUrl("Patient?" + query).returnBundle(Bundle.class).execute();
    }

    @Test
    void searchesByNameStartsWithIgnoringCaseAndAccents() {
        Bundle bundle = frontDesk().search().forResource(Patient.class)
                .where(Patient.NAME.matches().value("GARC"))
                .returnBundle(Bundle.class).execute();
        // family, given, id order; another clinic's José García stays out
        assertThat(mrns(bundle)).containsExactly("E-3", "E-1", "E-2");
        assertThat(bundle.getTotal()).isEqualTo(3);
        assertThat(mrns(search("family=garcia"))).containsExactly("E-1", "E-2");
        assertThat(mrns(search("given=jos"))).containsExactly("E-1", "E-2");
        assertThat(mrns(search("given=ana"))).containsExactly("E-2");
        assertThat(mrns(search("family:exact=Garc%C3%ADa"))).containsExactly("E-1");
        assertThat(mrns(search("family:exact=garcia"))).isEmpty();
        assertThat(mrns(search("name:contains=arc"))).containsExactly("E-3", "E-1", "E-2");
        assertThat(mrns(search("name:contains=osefi"))).containsExactly("E-2");
        assertThat(mrns(search("family:contains=rce"))).containsExactly("E-3");
    }

    @Test
    void nicknamesMatchInBothDirections() {
        // the word itself or a nickname of it, whole words only: Roberta is neither
        assertThat(mrns(search("name:nickname=bob"))).containsExactly("E-7", "E-6");
        assertThat(mrns(search("name:nickname=ROBERT"))).containsExactly("E-7", "E-6");
        assertThat(mrns(search("given:nickname=bobby&family=roe"))).containsExactly("E-7", "E-6");
        assertThat(mrns(search("given:nickname=roe"))).as("given names only").isEmpty();
        assertThat(mrns(search("name=rob&family=roe"))).as("plain starts-with, no nicknames").containsExactly("E-6", "E-8");
    }

    @Test
    void searchesByBirthdateWithPrefixesAndPartialDates() {
        assertThat(mrns(search("name=garc&birthdate=1980"))).containsExactly("E-3", "E-1");
        assertThat(mrns(search("name=garc&birthdate=1980-01-02"))).containsExactly("E-1");
        assertThat(mrns(search("name=garc&birthdate=ge1980-02&birthdate=lt1992"))).containsExactly("E-3", "E-2");
        assertThat(mrns(search("birthdate=gt1980-07-30&birthdate=le1991-03-04&family=garc"))).containsExactly("E-2");
        Bundle typed = frontDesk().search().forResource(Patient.class)
                .where(Patient.BIRTHDATE.exactly().day("1980-01-02")).returnBundle(Bundle.class).execute();
        assertThat(mrns(typed)).containsExactly("E-1");
    }

    @Test
    void searchesByIdentifierPhoneEmailAddressAndEqualsTheApi() {
        Bundle byMrn = frontDesk().search().forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(FhirResources.MRN_SYSTEM, "E-1"))
                .returnBundle(Bundle.class).execute();
        assertThat(mrns(byMrn)).containsExactly("E-1");
        Bundle byPhone = frontDesk().search().forResource(Patient.class)
                .where(Patient.PHONE.exactly().code("+1 555-010-0001")).returnBundle(Bundle.class).execute();
        assertThat(mrns(byPhone)).containsExactly("E-1");
        Patient jose = (Patient) byPhone.getEntryFirstRep().getResource();
        assertThat(jose.getTelecom()).extracting(t -> t.getValue()).containsExactly("(555) 010-0001", "jose@example.com");
        assertThat(jose.getAddressFirstRep().getCity()).isEqualTo("Springfield");
        assertThat(jose.getNameFirstRep().getFamily()).isEqualTo("García");
        assertThat(mrns(search("email=JOSE@example.com"))).containsExactly("E-1");
        assertThat(mrns(search("telecom=phone%7C5550100001"))).containsExactly("E-1");
        assertThat(mrns(search("name=garc&address-city=spring"))).containsExactly("E-3", "E-1");
        assertThat(mrns(search("name=garc&address-postalcode=627"))).containsExactly("E-3", "E-1");
        assertThat(mrns(search("name=garc&address=1+main"))).containsExactly("E-3", "E-1");
        assertThat(mrns(search("name=garc&address=main"))).as("starts-with, not contains").isEmpty();
        assertThat(mrns(search("name=garc&gender=female"))).containsExactly("E-3", "E-2");

        // the same questions asked of the API
        assertThat(apiMrns("mrn=E-1")).isEqualTo(mrns(byMrn));
        assertThat(apiMrns("phone=%2B1+555-010-0001")).isEqualTo(mrns(byPhone));
        assertThat(apiMrns("dob=1985-01-11")).isEqualTo(mrns(search("birthdate=1985-01-11")));
        assertThat(apiMrns("q=garsia+jose")).isEqualTo(mrns(search("_content=garsia+jose")));
        assertThat(apiMrns("q=garsia%2C+jose")).isEqualTo(mrns(search("_content=garsia%2C+jose")));
        assertThat(mrns(search("_content=garsia+jose"))).startsWith("E-1");
    }

    @Test
    void pagesThroughNextLinksToTheEndSeeingEveryPatientOnce() {
        IGenericClient client = frontDesk();
        Bundle page = client.search().forResource(Patient.class).where(Patient.FAMILY.matches().value("smith"))
                .count(5).returnBundle(Bundle.class).execute();
        assertThat(page.hasTotal()).as("total is not cheap on a partial page").isFalse();
        List<String> seen = new ArrayList<>(mrns(page));
        int pages = 1;
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("_cursor=");
            page = client.loadPage().next(page).execute();
            seen.addAll(mrns(page));
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        // a next link serves only the caller it was issued to: another user of the same clinic gets a 400
        Bundle first = client.search().forResource(Patient.class).where(Patient.FAMILY.matches().value("smith"))
                .count(5).returnBundle(Bundle.class).execute();
        IGenericClient colleague = client(Roles.CLINICIAN, "EAST");
        assertThatThrownBy(() -> colleague.loadPage().next(first).execute()).isInstanceOf(InvalidRequestException.class);
        List<String> expected = new ArrayList<>();
        for (int g = 1; g <= 23; g++) {
            expected.add("S-" + g);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        // the API pages the same patients in the same order
        assertThat(apiMrns("q=smith&sort=name&limit=100")).containsExactlyElementsOf(expected);
    }

    @Test
    void readsByIdAndShowsMergesAsReplacedBy() throws Exception {
        long jose = id("E-1");
        Patient patient = frontDesk().read().resource(Patient.class).withId(String.valueOf(jose)).execute();
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("E-1");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-02");
        assertThat(patient.getGender().toCode()).isEqualTo("male");
        assertThat(patient.getActive()).isTrue();

        Patient merged = frontDesk().read().resource(Patient.class).withId(String.valueOf(id("E-4"))).execute();
        assertThat(merged.getActive()).isFalse();
        assertThat(merged.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
        assertThat(merged.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + id("E-5"));
        // merged records are left out of searches unless active=false asks for them
        assertThat(mrns(search("birthdate=1970-05-05"))).containsExactly("E-5");
        assertThat(mrns(search("birthdate=1970-05-05&active=false"))).containsExactly("E-4");
    }

    @Test
    void answers401And403And404AsFhirClientsExpect() throws Exception {
        String jose = String.valueOf(id("E-1"));
        assertThatThrownBy(() -> client(null).read().resource(Patient.class).withId(jose).execute())
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(outcome(e.getResponseBody())).contains("login"));
        assertThatThrownBy(() -> client(Roles.OPS).read().resource(Patient.class).withId(jose).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> frontDesk().read().resource(Patient.class).withId("999999").execute())
                .isInstanceOf(ResourceNotFoundException.class);
        // another clinic's patient is not found, not forbidden
        assertThatThrownBy(() -> client(Roles.FRONT_DESK, "WEST").read().resource(Patient.class).withId(jose).execute())
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> search("name=garc&birthdate=1980-13"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(outcome(e.getResponseBody())).contains("birthdate"));
    }

    @Test
    void unknownParametersFollowPreferHandling() {
        Bundle lenient = search("name=garc&shoe-size=9");
        assertThat(mrns(lenient)).containsExactly("E-3", "E-1", "E-2");
        assertThat(lenient.getLink(Bundle.LINK_SELF).getUrl()).doesNotContain("shoe-size");
        assertThatThrownBy(() -> frontDesk().search().byUrl("Patient?name=garc&shoe-size=9")
                .withAdditionalHeader("Prefer", "handling=strict").returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(outcome(e.getResponseBody())).contains("shoe-size"));
    }

    @Test
    void searchesAndReadsAppointments() throws Exception {
        long jose = id("E-1");
        Bundle timeline = frontDesk().search().forResource(Appointment.class)
                .where(Appointment.PATIENT.hasId("Patient/" + jose)).returnBundle(Bundle.class).execute();
        assertThat(timeline.getEntry()).hasSize(3);
        Appointment newest = (Appointment) timeline.getEntryFirstRep().getResource();
        assertThat(newest.getParticipantFirstRep().getActor().getReference()).isEqualTo("Patient/" + jose);
        String practitioner = newest.getParticipant().get(1).getActor().getReference();
        // the clinic's day (New York): 23:30 local on the 23rd is 04:30 UTC on the 24th, still the 23rd
        Bundle day = frontDesk().search().byUrl("Appointment?practitioner=" + practitioner + "&date=2026-11-23")
                .returnBundle(Bundle.class).execute();
        assertThat(day.getEntry()).hasSize(2);
        Appointment read = frontDesk().read().resource(Appointment.class).withId(newest.getIdElement().getIdPart()).execute();
        assertThat(read.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
        assertThatThrownBy(() -> client(Roles.FRONT_DESK, "WEST").read().resource(Appointment.class)
                .withId(newest.getIdElement().getIdPart()).execute()).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void searchesAppointmentsByDateWithPatientPractitionerOrAloneAndEqualsTheApi() throws Exception {
        long jose = id("E-1");
        long marta = id("E-3");
        long practitioner = scalar("SELECT id FROM provider");
        long jose23Morning = appointmentAt("2026-11-23 09:00-05");
        long jose23Night = appointmentAt("2026-11-23 23:30-05");
        long jose24 = appointmentAt("2026-11-24 10:00-05");
        long martaOct31 = appointmentAt("2026-10-31 22:00 America/New_York");
        long martaNov2 = appointmentAt("2026-11-02 08:00 America/New_York");
        long martaDec1 = appointmentAt("2026-12-01 09:00 America/New_York");

        // a patient's appointments on days of the clinic (New York), newest first; open-ended ranges too
        assertThat(appointmentIds("patient=Patient/" + jose + "&date=2026-11-23")).containsExactly(jose23Night, jose23Morning);
        assertThat(appointmentIds("patient=" + jose + "&date=ge2026-11-24")).containsExactly(jose24);
        assertThat(appointmentIds("actor=Patient/" + jose + "&date=lt2026-11-24")).containsExactly(jose23Night, jose23Morning);
        assertThat(appointmentIds("patient=" + marta + "&date=2026-10")).containsExactly(martaOct31);
        assertThat(appointmentIds("patient=" + marta + "&date=2026-11")).containsExactly(martaNov2);
        assertThat(appointmentIds("patient=" + marta + "&date=gt2026-10-31&status=booked")).containsExactly(martaDec1);
        Bundle typed = frontDesk().search().forResource(Appointment.class)
                .where(Appointment.PATIENT.hasId("Patient/" + marta))
                .and(Appointment.DATE.afterOrEquals().day("2026-11-01"))
                .and(Appointment.DATE.before().day("2026-12-01"))
                .returnBundle(Bundle.class).execute();
        assertThat(ids(typed)).containsExactly(martaNov2);

        // a practitioner's days, earliest first, paged through next links
        List<Long> november = List.of(martaNov2, jose23Morning, jose23Night, jose24);
        assertThat(appointmentIds("practitioner=Practitioner/" + practitioner + "&date=ge2026-11-01&date=le2026-11-30"))
                .containsExactlyElementsOf(november);
        assertThat(appointmentIds("practitioner=" + practitioner + "&date=2026-11&status=cancelled")).containsExactly(martaNov2);
        IGenericClient client = frontDesk();
        Bundle page = client.search().byUrl("Appointment?actor=Practitioner/" + practitioner + "&date=2026-11&_count=3")
                .returnBundle(Bundle.class).execute();
        List<Long> paged = new ArrayList<>(ids(page));
        assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("date=2026-11").contains("_cursor=");
        page = client.loadPage().next(page).execute();
        paged.addAll(ids(page));
        assertThat(page.getLink(Bundle.LINK_NEXT)).isNull();
        assertThat(paged).containsExactlyElementsOf(november);

        // date alone: the schedule of the token's one clinic
        assertThat(appointmentIds("date=ge2026-10-01&date=lt2026-12-01"))
                .containsExactly(martaOct31, martaNov2, jose23Morning, jose23Night, jose24);

        // the same questions asked of the API
        assertThat(apiAppointmentIds("patient=" + jose + "&date=2026-11-23"))
                .isEqualTo(appointmentIds("patient=" + jose + "&date=2026-11-23"));
        assertThat(apiAppointmentIds("patient=" + marta + "&from=2026-11-01&to=2026-11-30"))
                .isEqualTo(appointmentIds("patient=" + marta + "&date=2026-11"));
        assertThat(apiAppointmentIds("patient=" + jose + "&from=2026-11-24"))
                .isEqualTo(appointmentIds("patient=" + jose + "&date=ge2026-11-24"));
        assertThat(apiAppointmentIds("provider=" + practitioner + "&from=2026-11-01&to=2026-11-30&status=cancelled"))
                .isEqualTo(appointmentIds("practitioner=" + practitioner + "&date=2026-11&status=cancelled"));
        assertThat(apiAppointmentIds("provider=" + practitioner + "&from=2026-11-01&to=2026-11-30")).isEqualTo(november);
        assertThat(apiAppointmentIds("clinic=EAST&from=2026-10-01&to=2026-11-30"))
                .isEqualTo(appointmentIds("date=ge2026-10-01&date=lt2026-12-01"));

        // what does not work names date (or the parameter at fault), as an OperationOutcome
        for (Map.Entry<String, String> bad : Map.of(
                "practitioner=" + practitioner, "date",
                "practitioner=" + practitioner + "&date=ge2026-11-01", "date",
                "practitioner=" + practitioner + "&date=ge2025-01-01&date=le2026-11-30", "date",
                "practitioner=" + practitioner + "&date=gt2026-11-23&date=lt2026-11-24", "date",
                "patient=" + jose + "&practitioner=" + practitioner + "&date=2026-11", "practitioner",
                "patient=" + jose + "&date=2026-11-23T10:00", "date",
                "status=booked", "patient").entrySet()) {
            assertThatThrownBy(() -> appointmentIds(bad.getKey())).as(bad.getKey())
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(expression(e.getResponseBody()))
                            .isEqualTo("invalid " + bad.getValue()));
        }
        // date alone is refused to a token of two clinics: whose days would it mean?
        assertThatThrownBy(() -> client(Roles.FRONT_DESK, "EAST", "WEST").search().byUrl("Appointment?date=2026-11")
                .returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(expression(e.getResponseBody())).isEqualTo("invalid date"));
    }

    @Test
    void capabilityStatementListsWhatIsSupported() {
        CapabilityStatement cs = client(null).capabilities().ofType(CapabilityStatement.class).execute();
        CapabilityStatement.CapabilityStatementRestResourceComponent patient = cs.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
        assertThat(patient.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .containsExactlyInAnyOrder("_count", "_total", "_sort", "name", "family", "given", "birthdate", "gender",
                        "identifier", "phone", "email", "telecom", "address", "address-city", "address-postalcode", "active",
                        "_id", "_content");
        assertThat(cs.getRestFirstRep().getResource()).extracting(r -> r.getType()).containsExactly("Patient", "Appointment");
        CapabilityStatement.CapabilityStatementRestResourceComponent appointment = cs.getRestFirstRep().getResource().get(1);
        assertThat(appointment.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .containsExactlyInAnyOrder("_count", "_total", "patient", "actor", "practitioner", "date", "status");
        assertThat(appointment.getSearchParam()).filteredOn(p -> p.getName().equals("date")).singleElement()
                .satisfies(p -> assertThat(p.getDocumentation()).contains("ge", "lt", "YYYY-MM", "time zone", "366 days"));
    }

    private List<Long> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> Long.valueOf(e.getResource().getIdElement().getIdPart())).toList();
    }

    private List<Long> appointmentIds(String query) {
        return ids(frontDesk().search().byUrl("Appointment?" + query).returnBundle(Bundle.class).execute());
    }

    private List<Long> apiAppointmentIds(String query) {
        Map<?, ?> body = http.toBlocking().retrieve(
                TestTokens.frontDesk(HttpRequest.GET("/api/v1/appointments/search?" + query), "EAST"), Map.class);
        return ((List<?>) body.get("items")).stream().map(item -> ((Number) ((Map<?, ?>) item).get("id")).longValue()).toList();
    }

    private long appointmentAt(String startsAt) throws Exception {
        return scalar("SELECT id FROM appointment WHERE starts_at = TIMESTAMPTZ '" + startsAt + "'");
    }

    /** The one value of a query on the fixture (as the owner). */
    private long scalar(String sql) throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            long value = rs.getLong(1);
            assertThat(rs.next()).as(sql + ": one row").isFalse();
            return value;
        }
    }

    private List<String> apiMrns(String query) {
        Map<?, ?> body = http.toBlocking().retrieve(
                TestTokens.frontDesk(HttpRequest.GET("/api/v1/patients/search?" + query), "EAST"), Map.class);
        return ((List<?>) body.get("items")).stream().map(item -> (String) ((Map<?, ?>) item).get("mrn")).toList();
    }

    private long id(String mrn) throws Exception {
        try (Connection connection = owner.connection(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM patient WHERE mrn = '" + mrn + "' AND clinic_id = (SELECT id FROM clinic WHERE code = 'EAST')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String outcome(String body) {
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, body);
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
        return issue.getCode().toCode() + " " + issue.getDiagnostics() + " " + issue.getExpression();
    }

    /** The issue's code and the parameter it names. */
    private static String expression(String body) {
        OperationOutcome.OperationOutcomeIssueComponent issue = FHIR.newJsonParser().parseResource(OperationOutcome.class, body).getIssueFirstRep();
        return issue.getCode().toCode() + " " + issue.getExpression().stream().map(e -> e.getValue()).collect(java.util.stream.Collectors.joining(","));
    }

    @SuppressWarnings("unused")
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
