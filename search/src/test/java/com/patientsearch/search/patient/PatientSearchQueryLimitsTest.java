package com.patientsearch.search.patient;

import com.patientsearch.search.common.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What one q may cost: the length of a word (its spelling variants) and the number of words, refused with a 400. */
class PatientSearchQueryLimitsTest {

    private static PatientSearchQuery parse(String q) {
        return PatientSearchQuery.parse(new PatientSearchParams(null, q, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void aWordLongerThanAnyNameIsRefusedNamingQ() {
        assertThat(parse("a".repeat(40) + " smith").nameTokens()).hasSize(2);
        assertThatThrownBy(() -> parse("a".repeat(41)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("q: words must be at most 40 letters");
        assertThatThrownBy(() -> parse("x".repeat(200)))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("q: ");
    }

    @Test
    void tooManyWordsAreRefusedNamingQ() {
        assertThat(parse("ann bea cat dan eve fay").nameTokens()).hasSize(6);
        assertThatThrownBy(() -> parse("ann bea cat dan eve fay gus"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("q: must have at most 6 words");
    }
}
