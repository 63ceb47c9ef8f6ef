package com.patientsearch.app.importer;

import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.app.cli.PatientSearchCommand;
import com.patientsearch.domain.patient.Patient;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;
import com.patientsearch.search.patient.PatientRecord;
import com.patientsearch.search.patient.PatientRecordService;
import org.hibernate.SessionFactory;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The import commands end to end through picocli, on a real PostgreSQL, in order: clinics, patients, re-import. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientImportTest implements TestPropertyProvider {

    @Inject
    ApplicationContext context;

    @Inject
    PgCopy db;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("import_test");
    }

    record Run(int exitCode, String out, String err) {
    }

    Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(PatientSearchCommand.class, new MicronautFactory(context))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String fixture(String name) throws URISyntaxException {
        return Path.of(PatientImportTest.class.getResource("/import/" + name).toURI()).toString();
    }

    @Test
    @Order(1)
    void importsGoodClinicsAndRejectsAnUnknownTimeZone() throws Exception {
        Run run = cli("import", "clinics", fixture("clinics.csv"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("line 4: time_zone: not an IANA time zone id");
        assertThat(run.out()).contains("Read 3 clinic rows: imported 2 (inserted 2, updated 0), rejected 1");
        assertThat(strings("SELECT code || '|' || name || '|' || time_zone FROM clinic ORDER BY code"))
                .containsExactly("TST1|Test Clinic, Boston|America/New_York", "TST2|Test Clinic Chicago|America/Chicago");
    }

    @Test
    @Order(2)
    void importsExactlyTheGoodRowsAndListsEachBadOneByLine() throws Exception {
        Run run = cli("import", "patients", "--no-progress", fixture("patients-mixed.csv"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("Read 15 patient rows: imported 4 (inserted 4, updated 0), rejected 11");
        List<String> reported = run.err().lines().filter(l -> l.startsWith("line ")).toList();
        assertThat(reported).containsExactly(
                "line 4: clinic_code: unknown clinic",
                "line 5: date_of_birth: not a date (expected YYYY-MM-DD)",
                "line 6: date_of_birth: in the future",
                "line 7: first_name: missing",
                "line 8: gender: expected one of female|male|other|unknown",
                "line 11: mrn: the same clinic_code and mrn as line 2",
                "line 12: status: expected one of active|deceased|inactive|merged",
                "line 13: email: not an e-mail address",
                "line 16: phone: not a phone number (needs 7 to 15 digits)",
                "line 17: first_name: longer than 100 characters",
                "line 18: expected 15 fields, found 6");
        // no patient data in the report
        assertThat(run.err()).doesNotContain("Smith").doesNotContain("Jones").doesNotContain("1990");

        assertThat(strings("SELECT mrn FROM patient ORDER BY mrn")).containsExactly("A001", "A002", "A008", "A011");
        assertThat(strings("SELECT first_name || '|' || coalesce(middle_name, '') || '|' || last_name || '|' "
                + "|| date_of_birth || '|' || gender || '|' || status FROM patient ORDER BY mrn")).containsExactly(
                "Ana||García|1980-04-02|female|active",
                "José|María|Müller|1975-12-31|male|active",
                "Smith, Jr.||O'Neil|1960-06-15|other|merged",
                "Hal||Park|1985-03-03|unknown|deceased");
        // quoted fields keep their commas and line breaks; phones keep their formatting and get their digits
        assertThat(strings("SELECT a.street || '|' || a.country FROM address a JOIN patient p ON p.id = a.patient_id "
                + "ORDER BY p.mrn")).containsExactly("12 Main St, Apt 4|US", "1 Elm St\nBuilding B|US");
        assertThat(strings("SELECT c.phone || '|' || c.phone_digits FROM contact_info c JOIN patient p "
                + "ON p.id = c.patient_id ORDER BY p.mrn")).containsExactly("(555) 123-4567|5551234567",
                "555.123.4568|5551234568", "+1 555 123 4569|15551234569", "5551234571|5551234571");
    }

    @Test
    @Order(3)
    void reimportUpdatesInPlaceAndReplacesContacts() throws Exception {
        long versionBefore = longs("SELECT version FROM patient WHERE mrn = 'A001'").get(0);
        // A001's record read once: the patient and its collections are now in the second-level cache
        long a001 = longs("SELECT id FROM patient WHERE mrn = 'A001'").get(0);
        CallerScope caller = CallerScope.of("test", "clinician",
                java.util.Set.copyOf(strings("SELECT c.code FROM clinic c JOIN patient p ON p.clinic_id = c.id WHERE p.mrn = 'A001'")), null);
        PatientRecordService records = context.getBean(PatientRecordService.class);
        assertThat(records.get(caller, a001).firstName()).isEqualTo("Ana");
        org.hibernate.Cache cache = context.getBean(SessionFactory.class).getCache();
        assertThat(cache.containsEntity(Patient.class, a001)).isTrue();

        Run run = cli("import", "patients", "--no-progress", fixture("patients-update.csv"));

        // the import went around Hibernate, so it evicted what it rewrote: the next read sees the new data
        assertThat(cache.containsEntity(Patient.class, a001)).isFalse();
        assertThat(cache.containsCollection(Patient.class.getName() + ".contacts", a001)).isFalse();
        PatientRecord reread = records.get(caller, a001);
        assertThat(reread.firstName()).isEqualTo("Anna");
        assertThat(reread.contacts()).extracting(PatientRecord.Contact::email).containsExactly("anna@example.com");
        assertThat(reread.addresses()).isEmpty();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Read 3 patient rows: imported 3 (inserted 1, updated 2), rejected 0");
        assertThat(longs("SELECT count(*) FROM patient")).containsExactly(5L);
        assertThat(longs("SELECT count(*) FROM patient GROUP BY clinic_id, mrn HAVING count(*) > 1")).isEmpty();
        assertThat(strings("SELECT first_name || ' ' || last_name || ' ' || status FROM patient WHERE mrn IN ('A001', 'A002') ORDER BY mrn"))
                .containsExactly("Anna García-López active", "José Müller inactive");
        assertThat(longs("SELECT version FROM patient WHERE mrn = 'A001'")).containsExactly(versionBefore + 1);
        assertThat(strings("SELECT c.phone_digits || '|' || c.email FROM contact_info c JOIN patient p ON p.id = c.patient_id WHERE p.mrn = 'A001'"))
                .containsExactly("5559990000|anna@example.com");
        assertThat(longs("SELECT count(*) FROM address a JOIN patient p ON p.id = a.patient_id WHERE p.mrn = 'A001'"))
                .containsExactly(0L);
        assertThat(longs("SELECT count(*) FROM contact_info c JOIN patient p ON p.id = c.patient_id WHERE p.mrn = 'A002'"))
                .containsExactly(0L);

        Run again = cli("import", "patients", "--no-progress", fixture("patients-update.csv"));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("inserted 0, updated 3");
        assertThat(longs("SELECT count(*) FROM patient")).containsExactly(5L);
        assertThat(longs("SELECT count(*) FROM contact_info")).containsExactly(3L);
    }

    @Test
    @Order(4)
    void unreadableFilesEndWithExitCodeTwo() throws Exception {
        Run badHeader = cli("import", "patients", "--no-progress", fixture("patients-bad-header.csv"));
        assertThat(badHeader.exitCode()).isEqualTo(2);
        assertThat(badHeader.err()).contains("line 1: header lacks [date_of_birth] and has unknown columns at positions [5]");

        Run missing = cli("import", "patients", "/tmp/wt-data-no-such-file.csv");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("No such file");

        Run malformed = cli("import", "patients", "--no-progress", fixture("patients-malformed.csv"));
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("line 3: malformed CSV").doesNotContain("Cy");

        Run noKind = cli("import");
        assertThat(noKind.exitCode()).isEqualTo(2);
        assertThat(longs("SELECT count(*) FROM patient")).containsExactly(5L);
    }

    @Test
    @Order(5)
    void largeFilesImportInChunksAndCatchDuplicatesAcrossThem(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("many.csv");
        StringBuilder csv = new StringBuilder("clinic_code,mrn,first_name,last_name,date_of_birth,phone\n");
        int rows = 25_000;
        for (int i = 0; i < rows; i++) {
            // row i sits on line i + 2; every 7,000th row repeats the mrn of a row in an earlier chunk
            String mrn = i > 0 && i % 7_000 == 0 ? "K" + (i - 6_999) : "K" + i;
            String dob = i == 20_003 ? "1990-13-01" : "1990-01-01";
            // a few dozen distinct names: every new name token costs the dictionaries its variants, and no
            // assertion here is about names
            csv.append("TST2,").append(mrn).append(",First").append(i % 40).append(",Last,").append(dob)
                    .append(",\"555-010-").append(String.format("%04d", i % 10_000)).append("\"\n");
        }
        java.nio.file.Files.writeString(file, csv);
        long before = longs("SELECT count(*) FROM patient").get(0);

        List<Rejection> rejections = new ArrayList<>();
        ImportReport report = context.getBean(PatientImporter.class).importFile(file, rejections::add, false);

        assertThat(rejections).extracting(Rejection::toString).containsExactly(
                "line 7002: mrn: the same clinic_code and mrn as line 3",
                "line 14002: mrn: the same clinic_code and mrn as line 7003",
                "line 20005: date_of_birth: not a date (expected YYYY-MM-DD)",
                "line 21002: mrn: the same clinic_code and mrn as line 14003");
        assertThat(report.read()).isEqualTo(rows);
        assertThat(report.inserted()).isEqualTo(rows - 4);
        assertThat(longs("SELECT count(*) FROM patient").get(0)).isEqualTo(before + rows - 4);
        assertThat(longs("SELECT count(*) FROM contact_info c JOIN patient p ON p.id = c.patient_id WHERE p.mrn LIKE 'K%'"))
                .containsExactly((long) rows - 4);
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
