package com.patientsearch.app.importer;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.patient.PatientHit;
import com.patientsearch.search.patient.PatientIndexer;
import com.patientsearch.search.patient.PatientSearchParams;
import com.patientsearch.search.patient.PatientSearchService;
import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.app.cli.PatientSearchCommand;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** With the lucene engine, a CSV import (COPY, around Hibernate) indexes the patients it touched; reindex rebuilds all. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LuceneImportIndexingTest implements TestPropertyProvider {

    private static final CallerScope CALLER = CallerScope.of("test", "front_desk", Set.of("TST1", "TST2"), null);

    @Inject
    ApplicationContext context;
    @Inject
    PgCopy db;
    @Inject
    PatientSearchService search;
    @Inject
    PatientIndexer indexer;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("import_lucene"));
        properties.put("search.engine", "lucene");
        properties.put("search.lucene.directory", "memory");
        return properties;
    }

    private List<Long> ids(String q, String phone) {
        return search.search(CALLER, new PatientSearchParams(null, q, null, phone, null, null, null, null, null, null, null))
                .items().stream().map(PatientHit::id).toList();
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(PatientSearchCommand.class, new MicronautFactory(context))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
        commandLine.execute(args);
        return out.toString();
    }

    private long id(String mrn) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement statement = connection.prepareStatement("SELECT id FROM patient WHERE mrn = ?")) {
            statement.setString(1, mrn);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    @Order(1)
    void importedPatientsAreInTheIndex() throws Exception {
        cli("import", "clinics", PatientImportTest.fixture("clinics.csv"));
        cli("import", "patients", "--no-progress", PatientImportTest.fixture("patients-mixed.csv"));
        List<Long> ana = List.of(id("A001"));
        List<Long> jose = List.of(id("A002"));
        assertThat(indexer.documents()).isEqualTo(4);
        assertThat(ids("ana garcia", null)).isEqualTo(ana);
        assertThat(ids(null, "555-123-4568")).isEqualTo(jose);
    }

    @Test
    @Order(2)
    void reindexRebuildsEverything() {
        assertThat(cli("reindex")).contains("indexed 4 patients");
        assertThat(indexer.documents()).isEqualTo(4);
    }
}
