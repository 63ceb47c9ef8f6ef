package com.patientsearch.app.fhir;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.PatientHit;
import com.patientsearch.search.patient.PatientRecord;
import com.patientsearch.search.patient.PatientSearchParams;
import com.patientsearch.search.patient.PatientSearchService;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Patient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code Patient?...} from parameters to the encoded searchset Bundle: the FHIR statement ({@link FhirPatientSearch}),
 * or for {@code _content} the API's own search. Public for the JMH family that prices the FHIR layer against the
 * API's search; the controller adds the audit.
 */
@Singleton
public class FhirPatients {

    /** The parameters the API's patient search can answer, beside _content; anything else needs the FHIR statement. */
    private static final Set<String> CONTENT_COMPANIONS = Set.of("_content", "birthdate", "gender", "identifier", "phone",
            "email", "_count", "_total", FhirLinks.CURSOR);

    /** The encoded Bundle, and the patients in it (for the audit trail). */
    public record Result(String json, List<Long> patientIds) {
    }

    private final PatientSearchService contentSearch;
    private final FhirPatientSearch patients;
    private final FhirJson fhir;

    FhirPatients(PatientSearchService contentSearch, FhirPatientSearch patients, FhirJson fhir) {
        this.contentSearch = contentSearch;
        this.patients = patients;
        this.fhir = fhir;
    }

    /**
     * @param parameters the query string, name to values
     * @param strict     Prefer: handling=strict
     * @param base       the server's FHIR base URL, for full URLs and links
     */
    public Result search(CallerScope caller, Map<String, List<String>> parameters, boolean strict, String base) {
        return search(caller, FhirParams.of(parameters, strict, FhirPatientQuery.NAMES), base);
    }

    Result search(CallerScope caller, FhirParams params, String base) {
        Page<PatientRecord> page = params.has("_content") ? byContent(caller, params) : patients.search(caller, FhirPatientQuery.parse(params));
        List<Patient> resources = page.items().stream().map(FhirResources::patient).toList();
        String json = fhir.write(FhirLinks.searchset(base, "Patient", params, resources, page.nextCursor(), params.totalWanted()));
        return new Result(json, page.items().stream().map(PatientRecord::id).toList());
    }

    /** _content is the API's search itself (same ranking, same cursor); the page's resources come by id. */
    private Page<PatientRecord> byContent(CallerScope caller, FhirParams params) {
        for (String name : params.values().keySet()) {
            if (!CONTENT_COMPANIONS.contains(name)) {
                throw new InvalidParameterException(name, "cannot be combined with _content");
            }
        }
        String dob = null;
        if (params.has("birthdate")) {
            FhirDates dates = FhirDates.parse("birthdate", params.all("birthdate"));
            if (!dates.from().equals(dates.to())) {
                throw new InvalidParameterException("birthdate", "with _content must be one day (YYYY-MM-DD)");
            }
            dob = dates.from().toString();
        }
        String identifier = params.one("identifier");
        if (identifier != null && identifier.contains("|")) {
            identifier = identifier.substring(identifier.indexOf('|') + 1);
        }
        Page<PatientHit> hits = contentSearch.search(caller, new PatientSearchParams(null, params.one("_content"), dob,
                params.one("phone"), params.one("email"), identifier, params.one("gender"), null, null,
                String.valueOf(params.count()), params.one(FhirLinks.CURSOR)));
        if (hits.items().isEmpty()) {
            return new Page<>(List.of(), hits.nextCursor());
        }
        List<Long> ids = hits.items().stream().map(PatientHit::id).toList();
        Map<Long, PatientRecord> byId = new HashMap<>();
        patients.search(caller, FhirPatientQuery.byIds(ids)).items().forEach(r -> byId.put(r.id(), r));
        return new Page<>(ids.stream().map(byId::get).filter(Objects::nonNull).toList(), hits.nextCursor());
    }
}
