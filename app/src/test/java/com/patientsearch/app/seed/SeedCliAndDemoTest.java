package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.app.cli.PatientSearchCommand;
import com.patientsearch.persistence.testing.TestPostgres;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedCliAndDemoTest implements TestPropertyProvider {

    @Inject
    ApplicationContext context;

    @Inject
    Seeder seeder;

    @Inject
    PgCopy db;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("seed_cli");
    }

    @Test
    @Order(1)
    void demoDataIsSeededOnlyIntoAnEmptyDatabase() throws Exception {
        DemoDataLoader loader = new DemoDataLoader(context, seeder, db, context.getBean(com.patientsearch.search.patient.PatientIndexer.class), 250, 42);
        assertThat(loader.seedIfEmpty(false)).isTrue();
        // 250 seeded + the 4 showcase patients the README's examples find
        assertThat(SeedDeterminismAndAppendTest.longs(db, "SELECT count(*) FROM patient")).containsExactly(254L);
        assertThat(SeedDeterminismAndAppendTest.longs(db, """
                SELECT count(*) FROM patient p JOIN contact_info c ON c.patient_id = p.id
                WHERE p.mrn = 'DEMO-1' AND p.last_name = 'Smith' AND p.date_of_birth = date '1980-01-02'
                  AND c.phone_digits = '5555550110'""")).containsExactly(1L);
        assertThat(loader.seedIfEmpty(false)).isFalse();
        assertThat(SeedDeterminismAndAppendTest.longs(db, "SELECT count(*) FROM patient")).containsExactly(254L);
    }

    @Test
    @Order(2)
    void seedCommandAppendsAndPrintsItsSummary() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(PatientSearchCommand.class, new MicronautFactory(context))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("seed", "--patients", "120", "--seed", "9", "--clinics", "2", "--no-progress");
        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("patient\\s+120").contains("rows/s");
        assertThat(SeedDeterminismAndAppendTest.longs(db, "SELECT count(*) FROM patient")).containsExactly(374L);
    }

    @Test
    @Order(3)
    void badArgumentsExitWithTwo() {
        CommandLine commandLine = new CommandLine(PatientSearchCommand.class, new MicronautFactory(context))
                .setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()));
        assertThat(commandLine.execute("seed")).isEqualTo(2);
        assertThat(commandLine.execute("seed", "--patients", "ten")).isEqualTo(2);
        assertThat(commandLine.execute("seed", "--patients", "10", "--clinics", "0")).isEqualTo(2);
    }
}
