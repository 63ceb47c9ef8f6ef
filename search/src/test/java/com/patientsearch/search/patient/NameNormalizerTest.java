package com.patientsearch.search.patient;

import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Query text is normalised (and its typo variants made) in Java, stored names in SQL: both must agree. */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NameNormalizerTest implements TestPropertyProvider {

    private static final List<String> NAMES = List.of(
            "José García", "JOSÉ GARCÍA", "Seán O'Brien", "O’Neill", "D`Angelo", "Müller-Lüdenscheidt", "Straße",
            "Ærøskøbing", "Œuvre", "Łukasz Żółć", "Đorđe", "Þór", "François", "Nuñez", "Çelik", "Ångström",
            "  mary   ann  ", "St. John", "Smith-Jones", "Zoë", "İpek", "123 Main");

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("normalizer");
    }

    @Test
    void javaAndSqlNormaliseAlike() throws Exception {
        try (Connection connection = dataSource.unwrap(AgroalDataSource.class).getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT ps_normalize_name(?)")) {
            for (String name : NAMES) {
                statement.setString(1, name);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    assertThat(NameNormalizer.normalize(name)).as(name).isEqualTo(rs.getString(1));
                }
            }
        }
    }

    @Test
    void javaAndSqlMakeTheSameDeletionVariants() throws Exception {
        try (Connection connection = dataSource.unwrap(AgroalDataSource.class).getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT array_agg(d ORDER BY d) FROM ps_token_deletes(?) d")) {
            for (String token : List.of("a", "jo", "jon", "john", "smith", "fernandez", "aab", "aaaa")) {
                statement.setString(1, token);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    List<String> sql = List.of((String[]) rs.getArray(1).getArray());
                    assertThat(TokenVariants.deletes(token)).as(token).containsExactlyInAnyOrderElementsOf(sql);
                }
            }
        }
    }

    @Test
    void knownForms() {
        assertThat(NameNormalizer.tokens("José  García-López")).containsExactly("jose", "garcia", "lopez");
        assertThat(NameNormalizer.tokens("Seán O'Brien")).containsExactly("sean", "obrien");
        assertThat(NameNormalizer.tokens("Straße")).containsExactly("strasse");
        assertThat(NameNormalizer.tokens(" ,. ")).isEmpty();
    }
}
