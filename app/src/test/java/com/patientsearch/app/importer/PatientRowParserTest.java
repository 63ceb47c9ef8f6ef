package com.patientsearch.app.importer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Row validation that costs linear time whatever the field: lengths first, no backtracking e-mail regex. */
class PatientRowParserTest {

    private static Object parseOne(String email) throws Exception {
        String csv = "clinic_code,mrn,first_name,last_name,date_of_birth,email\nC1,M-1,Ann,Lee,1980-01-01," + email + "\n";
        try (CsvSource source = CsvSource.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            Map<String, Integer> columns = source.columns(PatientRowParser.REQUIRED, PatientRowParser.KNOWN);
            PatientRowParser parser = new PatientRowParser(columns, source.width(), Map.of("C1", 1L), Set.of("C1"),
                    LocalDate.of(2026, 11, 29));
            return parser.parse(source.next(), source.line());
        }
    }

    @Test
    void theEmailCheckIsLinear() {
        assertThat(PatientRowParser.looksLikeEmail("ann.lee@example.org")).isTrue();
        assertThat(PatientRowParser.looksLikeEmail("a@b.c")).isTrue();
        for (String bad : new String[] {"ann", "@example.org", "ann@", "ann@example", "ann@.org", "ann@example.",
                "a b@example.org", "a@b@example.org"}) {
            assertThat(PatientRowParser.looksLikeEmail(bad)).as(bad).isFalse();
        }
        // A backtracking regex is quadratic on a long value without a dot: a bound of seconds only guards against
        // that class, it measures nothing.
        String longNoDot = "a@" + "b".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThat(PatientRowParser.looksLikeEmail(longNoDot)).isFalse());
    }

    @Test
    void anOverLongEmailIsRefusedForItsLengthWithoutBeingMatched() throws Exception {
        Object parsed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parseOne("a@" + "b".repeat(1_000_000)));
        assertThat(parsed).isInstanceOf(Rejection.class);
        assertThat(((Rejection) parsed).problems()).extracting(Rejection.Problem::reason)
                .anyMatch(reason -> reason.contains("longer than 254"))
                .noneMatch(reason -> reason.contains("not an e-mail"));
        assertThat(parseOne("ann.lee@example.org")).isInstanceOf(PatientRow.class);
    }
}
