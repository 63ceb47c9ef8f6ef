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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Patient search on a known fixture: exact ids, exact order. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientSearchTest implements TestPropertyProvider {

    static final CallerScope CALLER = CallerScope.of("test", "front_desk", java.util.Set.of("NORTH", "SOUTH", "WEST"), null);
    /** A receptionist of SOUTH only (issue 7): NORTH's patients do not exist for them. */
    static final CallerScope SOUTH_ONLY = CallerScope.of("south-desk", "front_desk", java.util.Set.of("SOUTH"), null);

    @Inject
    PatientSearchService search;
    @Inject
    DataSource dataSource;
    @Inject
    OwnerDatabase owner;

    long johnSmith, jonSmith, johnnySmithers, joseGarcia, mariaGarcia, mariaJoseFernandez, janeDoe, seanOBrien,
            southJohnSmith, mergedJohnSmith, jurgenMuller, michaelJohnson, robertRoe, bobRoe, margaretHale, peggyHale,
            catherineWood, rosalindDeLaFuente, tamsinAshbyQuorn;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("patient_search");
    }

    @BeforeAll
    void fixtures() throws Exception {
        SearchFixtures f = new SearchFixtures(owner);
        long north = f.clinic("NORTH", "America/Chicago");
        long south = f.clinic("SOUTH", "Europe/Madrid");
        johnSmith = f.patient(north, "N-1", "John", null, "Smith", "1980-01-02", "male");
        f.contact(johnSmith, "mobile", "(555) 123-4567", "John.Smith@Example.com");
        jonSmith = f.patient(north, "N-2", "Jon", null, "Smith", "1975-05-05", "male");
        f.contact(jonSmith, "home", "555-987-0001", null);
        johnnySmithers = f.patient(north, "N-3", "Johnny", null, "Smithers", "1980-03-03", "male");
        joseGarcia = f.patient(north, "N-4", "José", null, "García", "1990-07-07", "male");
        mariaGarcia = f.patient(north, "N-5", "Maria", "Luisa", "Garcia", "1985-02-02", "female");
        mariaJoseFernandez = f.patient(north, "N-6", "María", "José", "Fernández", "1970-06-06", "female");
        janeDoe = f.patient(north, "N-7", "Jane", null, "Doe", "1980-01-02", "female");
        seanOBrien = f.patient(north, "N-8", "Seán", null, "O'Brien", "1966-08-08", "male");
        southJohnSmith = f.patient(south, "S-1", "John", null, "Smith", "1960-10-10", "male");
        mergedJohnSmith = f.patient(north, "N-9", "John", null, "Smith", "1980-01-02", "male");
        f.merge(mergedJohnSmith, johnSmith);
        jurgenMuller = f.patient(south, "S-2", "Jürgen", null, "Müller", "1955-09-09", "male");
        michaelJohnson = f.patient(north, "N-10", "Michael", null, "Johnson", "1981-11-11", "male");
        f.contact(michaelJohnson, "work", "+1 555 222 3333", "mj@example.org");
        robertRoe = f.patient(north, "N-11", "Robert", null, "Roe", "1971-04-04", "male");
        bobRoe = f.patient(north, "N-12", "Bob", null, "Roe", "1972-04-04", "male");
        margaretHale = f.patient(north, "N-13", "Margaret", null, "Hale", "1950-12-12", "female");
        peggyHale = f.patient(south, "S-3", "Peggy", null, "Hale", "1951-12-12", "female");
        catherineWood = f.patient(north, "N-14", "Catherine", null, "Wood", "1992-05-05", "female");
        rosalindDeLaFuente = f.patient(north, "N-15", "Rosalind", null, "De la Fuente", "1961-07-14", "female");
        tamsinAshbyQuorn = f.patient(south, "S-4", "Tamsin", null, "Ashby-Quorn", "1963-03-21", "female");
        loaded(List.of());
    }

    /**
     * Fixtures are written around Hibernate, as bulk loads are: an engine with an index indexes what was loaded
     * (the given ids, or everything when empty). The SQL path has nothing to do.
     */
    void loaded(List<Long> ids) {
    }

    List<Long> ids(PatientSearchParams params) {
        return search.search(CALLER, params).items().stream().map(PatientHit::id).toList();
    }

    static PatientSearchParams q(String q) {
        return new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null);
    }

    static PatientSearchParams q(String clinic, String q) {
        return new PatientSearchParams(clinic, q, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void exactNameFindsBothClinicsAndHidesTheMergedRecord() {
        // exact (2.0) first, then the nickname jon (0.6 + 1.0), then the nickname johnny with a completion of the last
        // word (0.6 + 0.8); "john" is a complete known word, so it is not completed
        assertThat(ids(q("john smith"))).containsExactly(johnSmith, southJohnSmith, jonSmith, johnnySmithers);
        assertThat(ids(q("NORTH", "john smith"))).containsExactly(johnSmith, jonSmith, johnnySmithers);
        // the last word is the one being typed: it is completed, and so is a short fragment anywhere
        assertThat(ids(q("NORTH", "smith joh"))).containsExactly(johnSmith, jonSmith);
        assertThat(ids(q("NORTH", "johnny smit"))).containsExactly(johnnySmithers, johnSmith, jonSmith);
        assertThat(ids(q("NORTH", "jo smith"))).containsExactly(johnSmith, jonSmith, johnnySmithers);
    }

    @Test
    void exactMatchesRankAboveTypoMatches() {
        List<PatientHit> hits = search.search(CALLER, q("NORTH", "jon smith")).items();
        assertThat(hits).extracting(PatientHit::id).containsExactly(jonSmith, johnSmith, johnnySmithers);
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void nicknamesBothWaysWithTheExactNameFirst() {
        assertThat(ids(q("bob roe"))).containsExactly(bobRoe, robertRoe);
        assertThat(ids(q("robert roe"))).containsExactly(robertRoe, bobRoe);
        assertThat(ids(q("bob"))).containsExactly(bobRoe, robertRoe);
        assertThat(ids(q("peggy hale"))).containsExactly(peggyHale, margaretHale);
        assertThat(ids(q("hale margaret"))).containsExactly(margaretHale, peggyHale);
        List<PatientHit> hits = search.search(CALLER, q("robert roe")).items();
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        // a nickname ranks below a completion of the word being typed and above a typo
        assertThat(ids(q("roe rob"))).containsExactly(robertRoe, bobRoe);
        assertThat(search.search(SOUTH_ONLY, q("margaret hale")).items()).extracting(PatientHit::id).containsExactly(peggyHale);
    }

    @Test
    void aSwapInTheFirstName() {
        assertThat(ids(q("NORTH", "jhon smith"))).as("swapped").containsExactly(johnSmith, jonSmith);
    }

    /** Sound-alikes beyond two edits are the index's (LucenePatientSearchTest): the SQL path finds none. */
    @Test
    void soundAlikes() {
        assertThat(ids(q("kathryn wood"))).isEmpty();
        assertThat(ids(q("NORTH", "john schmidt"))).isEmpty();
    }

    /** Typos in "john" that also sound like "jon" (the index adds Jon as a sound-alike: LucenePatientSearchTest). */
    @Test
    void typosThatSoundLikeAnotherName() {
        assertThat(ids(q("NORTH", "johhn smitth"))).as("extra").containsExactly(johnSmith);
        assertThat(ids(q("NORTH", "jahn smyth"))).as("one wrong in each").containsExactly(johnSmith);
    }

    @Test
    void typosWrongMissingExtraAndSwappedLetters() {
        assertThat(ids(q("NORTH", "john smiht"))).as("swapped").containsExactly(johnSmith, jonSmith);
        assertThat(ids(q("NORTH", "john smth"))).as("missing").containsExactly(johnSmith, jonSmith);
        assertThat(ids(q("fernendes"))).as("two wrong in a long name").containsExactly(mariaJoseFernandez);
        assertThat(ids(q("NORTH", "ojhn smith"))).as("first two swapped").containsExactly(johnSmith);
        assertThat(ids(q("michal jonson"))).as("missing in both").containsExactly(michaelJohnson);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jose garcia", "José García", "JOSE GARCIA", "garcia jose", "García, José"})
    void accentsCaseAndTokenOrderDoNotMatter(String query) {
        assertThat(ids(q(query))).containsExactly(joseGarcia);
    }

    @Test
    void accentedQueryFindsUnaccentedRecordAndSpecialLetters() {
        assertThat(ids(q("María Garcia"))).containsExactly(mariaGarcia);
        assertThat(ids(q("jurgen muller"))).containsExactly(jurgenMuller);
        assertThat(ids(q("obrien"))).containsExactly(seanOBrien);
        assertThat(ids(q("Sean O'Brien"))).containsExactly(seanOBrien);
    }

    @Test
    void prefixesForTypeAhead() {
        assertThat(ids(q("mar gar"))).containsExactly(mariaGarcia);
        assertThat(ids(q("NORTH", "smi"))).containsExactly(johnSmith, jonSmith, johnnySmithers);
    }

    @Test
    void middleNamesAreOptionalAndSearchable() {
        assertThat(ids(q("maria garcia"))).containsExactly(mariaGarcia);
        assertThat(ids(q("maria luisa garcia"))).containsExactly(mariaGarcia);
        assertThat(ids(q("jose fernandez"))).containsExactly(mariaJoseFernandez);
        assertThat(ids(q("maria jose fernandez"))).containsExactly(mariaJoseFernandez);
        assertThat(ids(q("garcia luisa"))).as("any two words, any order").containsExactly(mariaGarcia);
    }

    @Test
    void aNameCarriesEveryPairOfItsWordsAndTheDictionaryKnowsThem() throws Exception {
        try (java.sql.Connection c = owner.connection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("""
                     SELECT pair, EXISTS (SELECT 1 FROM name_token_pair d
                                          WHERE d.token_a = split_part(pair, ' ', 1) AND d.token_b = split_part(pair, ' ', 2))
                     FROM patient, unnest(name_pairs) AS pair WHERE id = %d ORDER BY pair""".formatted(mariaGarcia))) {
            List<String> pairs = new java.util.ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).as(rs.getString(1)).isTrue();
                pairs.add(rs.getString(1));
            }
            // "Maria Luisa Garcia": unordered, each as "lesser greater"
            assertThat(pairs).containsExactly("garcia luisa", "garcia maria", "luisa maria");
        }
    }

    @Test
    void aNameOfSeveralWordsIsFoundWrittenAsOne() {
        // "De la Fuente" is also the word "delafuente", "Ashby-Quorn" also "ashbyquorn" (ps_joined_name)
        assertThat(ids(q("delafuente"))).containsExactly(rosalindDeLaFuente);
        assertThat(ids(q("rosalind delafuente"))).containsExactly(rosalindDeLaFuente);
        assertThat(ids(q("rosalind de la fuente"))).containsExactly(rosalindDeLaFuente);
        assertThat(ids(q("ashbyquorn tamsin"))).containsExactly(tamsinAshbyQuorn);
        assertThat(ids(q("tamsin ashbyqourn"))).as("a swap in the joined word").containsExactly(tamsinAshbyQuorn);
        assertThat(ids(q("tamsin ashby"))).containsExactly(tamsinAshbyQuorn);
    }

    @Test
    void aWordTypedTwiceCountsOnce() {
        assertThat(ids(q("NORTH", "john john smith"))).containsExactly(johnSmith, jonSmith, johnnySmithers);
    }

    @Test
    void twoWordsMatchTwoDifferentWordsOfTheName() {
        // two words of the query match two different words of the name: "smith" alone is not "smith smth"
        assertThat(ids(q("NORTH", "smith smiht"))).isEmpty();
    }

    @Test
    void dateOfBirthInsideTheQuery() {
        assertThat(ids(q("jon smith 1980-01-02"))).containsExactly(johnSmith);
        assertThat(ids(q("jon smith 01/02/1980"))).containsExactly(johnSmith);
        assertThat(ids(q("jon smith 1/2/80"))).containsExactly(johnSmith);
        assertThat(ids(q("2.1.1980 jon smith"))).containsExactly(johnSmith);
        assertThat(ids(q("jon smith 19800102"))).containsExactly(johnSmith);
        assertThat(ids(q("jon smth 1980"))).containsExactly(johnSmith);
        assertThat(ids(q("NORTH", "1980-01-02"))).containsExactly(janeDoe, johnSmith);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(555) 123-4567", "555.123.4567", "+1 555 123 4567", "5551234567", "4567", "123-4567"})
    void phoneInAnyFormatOrItsLastDigits(String phone) {
        assertThat(ids(new PatientSearchParams(null, null, null, phone, null, null, null, null, null, null, null)))
                .containsExactly(johnSmith);
    }

    @Test
    void phoneStoredWithCountryCodeIsFoundWithout() {
        assertThat(ids(new PatientSearchParams(null, null, null, "(555) 222-3333", null, null, null, null, null, null, null)))
                .containsExactly(michaelJohnson);
    }

    @Test
    void aPhoneOrAnEmailTypedIntoQFiltersAsItsOwnParameterWould() {
        assertThat(ids(q("smith (555) 123-4567"))).containsExactly(johnSmith);
        assertThat(ids(q("+1 555 222 3333"))).containsExactly(michaelJohnson);
        assertThat(ids(q("john JOHN.SMITH@example.COM"))).containsExactly(johnSmith);
        assertThat(ids(q("garcia (555) 123-4567"))).isEmpty();
    }

    @Test
    void emailIgnoresCase() {
        assertThat(ids(new PatientSearchParams(null, null, null, null, "JOHN.SMITH@example.COM", null, null, null, null, null, null)))
                .containsExactly(johnSmith);
    }

    @Test
    void mrnAndMergedOnRequest() {
        assertThat(ids(new PatientSearchParams("NORTH", null, null, null, null, "N-9", null, null, null, null, null))).isEmpty();
        assertThat(ids(new PatientSearchParams("NORTH", null, null, null, null, "N-9", null, "merged", null, null, null)))
                .containsExactly(mergedJohnSmith);
        assertThat(ids(new PatientSearchParams(null, "john smith", null, null, null, null, null, "active,merged", null, null, null)))
                .containsExactly(johnSmith, southJohnSmith, mergedJohnSmith, jonSmith, johnnySmithers);
    }

    @Test
    void genderFilterAndNameSort() {
        assertThat(ids(new PatientSearchParams("NORTH", "1980", null, null, null, null, "female", null, null, null, null)))
                .containsExactly(janeDoe);
        assertThat(ids(new PatientSearchParams(null, "smith", null, null, null, null, null, null, "name", null, null)))
                .containsExactly(johnSmith, southJohnSmith, jonSmith, johnnySmithers);
    }

    @Test
    void pagesWalkTheWholeResultOnceEvenWhenRowsAreInsertedMeanwhile() throws Exception {
        SearchFixtures f = new SearchFixtures(owner);
        long west = f.clinic("WEST", "America/Denver");
        Set<Long> seen = new HashSet<>();
        Set<Long> inserted = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<PatientHit> page = search.search(CALLER, new PatientSearchParams(null, "smi", null, null, null, null, null, null,
                    null, "1", cursor));
            page.items().forEach(hit -> assertThat(seen.add(hit.id())).as("seen once: " + hit.id()).isTrue());
            cursor = page.nextCursor();
            pages++;
            if (pages <= 2) {
                // New matches land before and after the cursor; the walk must neither repeat nor skip a row.
                inserted.add(f.patient(west, "W-" + pages + "a", "Aaron", null, "Smith", "2001-01-01", "male"));
                inserted.add(f.patient(west, "W-" + pages + "z", "Zed", null, "Smithson", "2001-01-01", "male"));
            }
            loaded(List.copyOf(inserted));
        } while (cursor != null && pages < 50);
        assertThat(pages).as("the walk ends").isLessThan(50);
        assertThat(seen).contains(johnSmith, southJohnSmith, jonSmith, johnnySmithers);
        assertThat(seen).allMatch(id -> Set.of(johnSmith, southJohnSmith, jonSmith, johnnySmithers).contains(id)
                || inserted.contains(id));
        f.execute("DELETE FROM patient WHERE clinic_id = " + west);
        loaded(List.copyOf(inserted));
    }

    @Test
    void recentlyChangedFirstPagesAsOnePageDoes() {
        List<Long> onePage = ids(new PatientSearchParams(null, "smith", null, null, null, null, null, null, "recent",
                null, null));
        assertThat(onePage).containsExactlyInAnyOrder(johnSmith, southJohnSmith, jonSmith, johnnySmithers);
        List<Long> walked = new ArrayList<>();
        String cursor = null;
        do {
            Page<PatientHit> page = search.search(CALLER, new PatientSearchParams(null, "smith", null, null, null, null,
                    null, null, "recent", "1", cursor));
            page.items().forEach(hit -> walked.add(hit.id()));
            cursor = page.nextCursor();
        } while (cursor != null && walked.size() <= onePage.size());
        assertThat(walked).isEqualTo(onePage);
    }

    @Test
    void aCallerSeesOnlyTheirClinicsWhateverTheyAskFor() {
        // by name, phone, e-mail and mrn of NORTH patients: SOUTH's receptionist finds only SOUTH's John Smith
        assertThat(search.search(SOUTH_ONLY, q("john smith")).items()).extracting(PatientHit::id).containsExactly(southJohnSmith);
        assertThat(search.search(SOUTH_ONLY, new PatientSearchParams(null, null, null, "(555) 123-4567", null, null, null, null,
                null, null, null)).items()).isEmpty();
        assertThat(search.search(SOUTH_ONLY, new PatientSearchParams(null, null, null, null, "john.smith@example.com", null, null,
                null, null, null, null)).items()).isEmpty();
        assertThat(search.search(SOUTH_ONLY, new PatientSearchParams(null, null, null, null, null, "N-1", null, null, null, null,
                null)).items()).isEmpty();
        // naming the other clinic is answered like naming no clinic at all
        assertThatThrownBy(() -> search.search(SOUTH_ONLY, q("NORTH", "john smith")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("clinic"));
    }

    @Test
    void aCursorOfAnotherQueryIsRefused() {
        String cursor = search.search(CALLER, new PatientSearchParams(null, "smith", null, null, null, null, null, null, null, "1", null))
                .nextCursor();
        assertThat(cursor).isNotNull();
        assertThatThrownBy(() -> search.search(CALLER, new PatientSearchParams(null, "garcia", null, null, null, null, null, null,
                null, "1", cursor)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    @Test
    void badInputNamesTheField() {
        assertField(new PatientSearchParams(null, null, null, null, null, null, null, null, null, null, null), "q");
        assertField(q("   "), "q");
        assertField(q("x".repeat(201)), "q");
        assertField(q("john 1980-02-30"), "q");
        assertField(q("john smith 80"), "q");
        assertField(new PatientSearchParams(null, null, "02/01/1980", null, null, null, null, null, null, null, null), "dob");
        assertField(new PatientSearchParams(null, null, "2999-01-01", null, null, null, null, null, null, null, null), "dob");
        assertField(new PatientSearchParams(null, null, null, "12", null, null, null, null, null, null, null), "phone");
        assertField(new PatientSearchParams(null, null, null, "call me", null, null, null, null, null, null, null), "phone");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, "robot", null, null, null, null), "gender");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, null, "gone", null, null, null), "status");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, null, null, "age", null, null), "sort");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, null, null, null, "0", null), "limit");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, null, null, null, "101", null), "limit");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, null, null, null, "ten", null), "limit");
        assertField(new PatientSearchParams(null, "smith", null, null, null, null, null, null, null, null, "abc"), "cursor");
        assertField(new PatientSearchParams("NOWHERE", "smith", null, null, null, null, null, null, null, null, null), "clinic");
    }

    private void assertField(PatientSearchParams params, String field) {
        assertThatThrownBy(() -> search.search(CALLER, params))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
