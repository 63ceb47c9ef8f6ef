package com.patientsearch.search.patient;

import com.patientsearch.search.common.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One search box: what q makes of a date of birth, a phone number or an e-mail address typed among the name words. */
class PatientSearchQueryWordsTest {

    private static PatientSearchQuery parse(String q) {
        return parse(q, null, null);
    }

    private static PatientSearchQuery parse(String q, String phone, String email) {
        return PatientSearchQuery.parse(new PatientSearchParams(null, q, null, phone, email, null, null, null, null, null, null));
    }

    @Test
    void aPhoneNumberInAnyGroupingIsThePhoneFilter() {
        PatientSearchQuery query = parse("smith (555) 123-4567");
        assertThat(query.nameTokens()).containsExactly("smith");
        assertThat(query.phoneDigits()).isEqualTo("5551234567");
        assertThat(parse("+1 555 123 4567 jon").phoneDigits()).isEqualTo("5551234567");
        assertThat(parse("555.123.4567").nameTokens()).isEmpty();
        assertThat(parse("123-4567").phoneDigits()).isEqualTo("1234567");
    }

    @Test
    void anEmailAddressIsTheEmailFilter() {
        PatientSearchQuery query = parse("john John.Smith@Example.COM");
        assertThat(query.nameTokens()).containsExactly("john");
        assertThat(query.email()).isEqualTo("john.smith@example.com");
    }

    @Test
    void aDateBesideAPhoneIsStillADate() {
        PatientSearchQuery query = parse("smith 1/2/1980 555-123-4567");
        assertThat(query.dobFrom()).isEqualTo(LocalDate.of(1980, 1, 2));
        assertThat(query.phoneDigits()).isEqualTo("5551234567");
        assertThat(query.nameTokens()).isEqualTo(List.of("smith"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smith 80", "smith 010280", "smith 1-2/1980", "12345", "smith 1/2", "smith 1234567890123456"})
    void otherNumbersAreRefusedNamingQAndTheForms(String q) {
        assertThatThrownBy(() -> parse(q))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.field()).isEqualTo("q");
                    // the same message for every number: nothing typed is repeated
                    assertThat(e.getMessage()).isEqualTo("q: " + PatientSearchQuery.NUMBERS_IN_Q);
                });
    }

    @Test
    void aPhoneOrAnEmailGivenTwiceIsRefused() {
        assertThatThrownBy(() -> parse("smith 555-123-4567", "555-123-4567", null))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("phone"));
        assertThatThrownBy(() -> parse("smith a@b.example", null, "a@b.example"))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThatThrownBy(() -> parse("smith @"))
                .isInstanceOf(InvalidParameterException.class).hasMessage("q: is not an e-mail address");
    }
}
