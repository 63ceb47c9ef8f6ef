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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

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

    /** The words the SQL path stores for a patient (ps_name_tokens) are the words the index engines index. */
    @Test
    void aPartOfSeveralWordsIsAlsoOneJoinedWordInJavaAndSql() throws Exception {
        String[][] names = {
                {"Maria", null, "De la Cruz"}, {"Ann-Marie", "Jo Ann", "Jones-Jarvi"}, {"Seán", null, "O'Brien"},
                {"José Luis", null, "García"}, {"John", null, "Smith"}, {"Pieter", "", "van den Berg"},
                {"Zoë", null, "Müller-Lüdenscheidt"}, {"Mary  Ann", null, "St. John"}};
        try (Connection connection = dataSource.unwrap(AgroalDataSource.class).getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT ps_name_tokens(?, ?, ?)")) {
            for (String[] name : names) {
                List<String> java = new ArrayList<>(NameNormalizer.tokens(String.join(" ",
                        Stream.of(name).filter(Objects::nonNull).toList())));
                Stream.of(name).map(NameNormalizer::joined).flatMap(Optional::stream).forEach(java::add);
                for (int i = 0; i < 3; i++) {
                    statement.setString(i + 1, name[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    assertThat(java).as(String.join("|", Arrays.toString(name)))
                            .containsExactly((String[]) rs.getArray(1).getArray());
                }
            }
        }
        assertThat(NameNormalizer.joined("De la Cruz")).hasValue("delacruz");
        assertThat(NameNormalizer.joined("Jones-Jarvi")).hasValue("jonesjarvi");
        assertThat(NameNormalizer.joined("O'Brien")).as("one word already").isEmpty();
        assertThat(NameNormalizer.joined("Smith")).isEmpty();
        assertThat(NameNormalizer.joined(null)).isEmpty();
    }

    @Test
    void knownForms() {
        assertThat(NameNormalizer.tokens("José  García-López")).containsExactly("jose", "garcia", "lopez");
        assertThat(NameNormalizer.tokens("Seán O'Brien")).containsExactly("sean", "obrien");
        assertThat(NameNormalizer.tokens("Straße")).containsExactly("strasse");
        assertThat(NameNormalizer.tokens(" ,. ")).isEmpty();
    }
}
