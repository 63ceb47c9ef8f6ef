package com.patientsearch.app.searchindex;

import com.patientsearch.app.testing.EmbeddedMode;
import com.patientsearch.search.patient.PatientIndexConfigurer;
import com.patientsearch.search.patient.SearchEngine;
import com.patientsearch.search.patient.SearchEngineProperties;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no {@code search.engine}, the embedded database (one node) is searched through lucene, its index beside the
 * data directory. Every other test context names an external database, and gets postgres.
 */
class EmbeddedEngineDefaultTest {

    @Test
    void theEmbeddedDatabaseIsSearchedThroughLuceneByDefault() throws Exception {
        Assumptions.assumeTrue(EmbeddedMode.available());
        try (EmbeddedMode embedded = EmbeddedMode.create("patient-search-engine")) {
            Map<String, Object> properties = embedded.properties();
            properties.remove("search.engine");
            ApplicationContext context = ApplicationContext.run(properties);
            try {
                assertThat(context.getBean(SearchEngineProperties.class).engine()).isEqualTo(SearchEngine.LUCENE);
                Path index = embedded.data().resolveSibling(embedded.data().getFileName() + "-index").resolve(PatientIndexConfigurer.INDEX);
                try (Stream<Path> files = Files.list(index)) {
                    assertThat(files).isNotEmpty();
                }
            } finally {
                EmbeddedMode.stop(context);
            }
        }
    }
}
