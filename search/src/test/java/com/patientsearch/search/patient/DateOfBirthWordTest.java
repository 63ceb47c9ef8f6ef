package com.patientsearch.search.patient;

import com.patientsearch.search.common.InvalidParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dates and years a front desk types into q; dates that cannot be a birth date are refused naming q. */
class DateOfBirthWordTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    @ParameterizedTest
    @CsvSource({
            "1980-01-02, 1980-01-02", "1980/1/2, 1980-01-02", "1980.01.02, 1980-01-02",
            "1/2/1980, 1980-01-02", "01/02/1980, 1980-01-02", "1-2-1980, 1980-01-02",
            "2.1.1980, 1980-01-02", "02.01.1980, 1980-01-02",
            "19800102, 1980-01-02",
            // a two-digit year: the latest that leaves the date in the past
            "1/2/80, 1980-01-02", "2.1.80, 1980-01-02", "3/4/15, 2015-03-04", "11/30/26, 2026-11-30",
            "12/31/26, 1926-12-31", "2/29/28, 1928-02-29"})
    void aDateIsOneDay(String word, LocalDate expected) {
        assertThat(DateOfBirthWord.parse(word, TODAY)).isEqualTo(new DateOfBirthWord(expected, expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1980", "2001"})
    void aYearIsItsWholeYear(String word) {
        int year = Integer.parseInt(word);
        assertThat(DateOfBirthWord.parse(word, TODAY))
                .isEqualTo(new DateOfBirthWord(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smith", "o'brien", "jean-luc", "st.john", "80", "010280", "1/2", "1980-01", "555-0110", "(555)"})
    void otherWordsAreNoDate(String word) {
        assertThat(DateOfBirthWord.parse(word, TODAY)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "2/30/1980, q: holds a date that does not exist", "31.4.1980, q: holds a date that does not exist",
            "19801301, q: holds a date that does not exist", "2/29/1981, q: holds a date that does not exist",
            "12/25/2026, q: date of birth is in the future", "1/2/1850, q: date of birth is before 1880-01-01"})
    void impossibleDatesOfBirthAreRefused(String word, String message) {
        assertThatThrownBy(() -> DateOfBirthWord.parse(word, TODAY))
                .isInstanceOf(InvalidParameterException.class).hasMessage(message);
    }
}
