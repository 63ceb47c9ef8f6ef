package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.paging.Page;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code address=} on the patient search: substring and typo-tolerant matching over street, city and postal code,
 * accents ignored, combined with the other parameters and keyset paging, never across clinics. Exact ids, in order.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AddressSearchTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "front_desk", Set.of("ADR1"), null);

    @Inject
    PatientSearchService search;
    @Inject
    OwnerDatabase owner;

    private long adaMaple;
    private long benMaple;
    private long carlaOak;
    private long dinaSaoPaulo;
    private long emilEglise;
    private long fionaSpringfield;
    private long otherClinicMaple;
    private final List<Long> elmStreet = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("address_search");
    }

    @BeforeAll
    void fixtures() throws Exception {
        SearchFixtures f = new SearchFixtures(owner);
        long clinic = f.clinic("ADR1", "America/Chicago");
        long other = f.clinic("ADR2", "America/Chicago");
        adaMaple = f.patient(clinic, "A-1", "Ada", null, "Lovelace", "1970-01-01", "female");
        f.address(adaMaple, "12 Maple Street", "Springfield", "62704");
        benMaple = f.patient(clinic, "A-2", "Ben", null, "Baker", "1980-02-02", "male");
        f.address(benMaple, "480 Maple Avenue", "Shelbyville", "62565");
        carlaOak = f.patient(clinic, "A-3", "Carla", null, "Cruz", "1990-03-03", "female");
        f.address(carlaOak, "7 Oak Lane", "Capital City", "10001");
        dinaSaoPaulo = f.patient(clinic, "A-4", "Dina", null, "Duarte", "1975-04-04", "female");
        f.address(dinaSaoPaulo, "Rua Augusta 1500", "São Paulo", "01305-100");
        emilEglise = f.patient(clinic, "A-5", "Émil", null, "Evrard", "1965-05-05", "male");
        f.address(emilEglise, "3 Rue de l'Église", "Liège", "4000");
        fionaSpringfield = f.patient(clinic, "A-6", "Fiona", null, "Baker", "1985-06-06", "female");
        // two addresses: either one finds her, once
        f.address(fionaSpringfield, "55 Birch Road", "Springfield", "62701");
        f.address(fionaSpringfield, "9 Maple Court", "Ogden", "84401");
        otherClinicMaple = f.patient(other, "B-1", "Ada", null, "Lovelace", "1970-01-01", "female");
        f.address(otherClinicMaple, "12 Maple Street", "Springfield", "62704");
        for (int i = 1; i <= 5; i++) {
            long id = f.patient(clinic, "E-" + i, "Elm" + (char) ('a' + i), null, "Zeller", "1960-01-0" + i, "male");
            f.address(id, i + " Elm Street", "Rivertown", "5550" + i);
            elmStreet.add(id);
        }
        f.execute("ANALYZE address");
    }

    private List<Long> ids(PatientSearchParams params) {
        return search.search(CALLER, params).items().stream().map(PatientHit::id).toList();
    }

    private static PatientSearchParams address(String address) {
        return new PatientSearchParams(null, null, null, null, null, null, null, null, null, null, null, address);
    }

    @Test
    void aStreetFindsItsPatientsInNameOrder() {
        // Baker Ben, Baker Fiona (Maple Court), Lovelace Ada: by last name, first name, id; never the other clinic's Ada
        assertThat(ids(address("maple"))).containsExactly(benMaple, fionaSpringfield, adaMaple);
        assertThat(ids(address("12 Maple Street"))).containsExactly(adaMaple);
    }

    @Test
    void typosAreForgiven() {
        assertThat(ids(address("maple stret"))).containsExactly(adaMaple);
        assertThat(ids(address("mapple"))).containsExactly(benMaple, fionaSpringfield, adaMaple);
        assertThat(ids(address("Sprinfield"))).containsExactly(fionaSpringfield, adaMaple);
    }

    @Test
    void accentsAndPunctuationDoNotCount() {
        assertThat(ids(address("sao paulo"))).containsExactly(dinaSaoPaulo);
        assertThat(ids(address("rue de l eglise"))).containsExactly(emilEglise);
        assertThat(ids(address("LIÈGE"))).containsExactly(emilEglise);
    }

    @Test
    void aSubstringInsideAWordMatches() {
        assertThat(ids(address("ringfiel"))).containsExactly(fionaSpringfield, adaMaple);
        assertThat(ids(address("01305"))).containsExactly(dinaSaoPaulo);
    }

    @Test
    void postalCodes() {
        assertThat(ids(address("62704"))).containsExactly(adaMaple);
        assertThat(ids(address("84401"))).containsExactly(fionaSpringfield);
        // a house number is a number: 12 is not 480, whatever the street
        assertThat(ids(address("12 maple"))).containsExactly(adaMaple);
    }

    @Test
    void combinesWithNameDateOfBirthAndTheOtherFilters() {
        assertThat(ids(new PatientSearchParams(null, "baker", null, null, null, null, null, null, null, null, null, "maple")))
                .containsExactlyInAnyOrder(benMaple, fionaSpringfield);
        assertThat(ids(new PatientSearchParams(null, null, "1985-06-06", null, null, null, null, null, null, null, null, "maple")))
                .containsExactly(fionaSpringfield);
        assertThat(ids(new PatientSearchParams(null, null, null, null, null, null, "male", null, null, null, null, "maple")))
                .containsExactly(benMaple);
        assertThat(ids(new PatientSearchParams("ADR1", null, null, null, null, "A-1", null, null, null, null, null, "springfield")))
                .containsExactly(adaMaple);
    }

    @Test
    void pagesWithTheKeyset() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<PatientHit> page = search.search(CALLER,
                    new PatientSearchParams(null, null, null, null, null, null, null, null, null, "2", cursor, "elm street"));
            page.items().forEach(hit -> seen.add(hit.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        // Zeller Elmb..Elmf: first names in order, 2 + 2 + 1
        assertThat(seen).containsExactlyElementsOf(elmStreet);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void anotherClinicsAddressesAreNeverFound() {
        CallerScope other = CallerScope.of("test", "front_desk", Set.of("ADR2"), null);
        assertThat(search.search(other, address("maple street")).items()).extracting(PatientHit::id)
                .containsExactly(otherClinicMaple);
    }

    @Test
    void badAddressesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ids(address("a- 12")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("address"));
        assertThatThrownBy(() -> ids(address("x".repeat(201))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("address"));
    }
}
