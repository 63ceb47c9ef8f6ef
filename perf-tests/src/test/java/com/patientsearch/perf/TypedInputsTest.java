package com.patientsearch.perf;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Inputs must look typed by a person yet still stand for the value drawn from the data. */
class TypedInputsTest {

    @Test
    void everyPhoneFormatKeepsTheTenDigits() {
        Set<String> formats = new HashSet<>();
        for (int style = 0; style < PhoneFormats.COUNT; style++) {
            String typed = PhoneFormats.format("5551234567", style);
            formats.add(typed);
            assertThat(typed.replaceAll("[^0-9]", "")).endsWith("5551234567");
        }
        assertThat(formats).hasSize(PhoneFormats.COUNT).contains("(555) 123-4567", "+1 555 123 4567", "555.123.4567");
        assertThatThrownBy(() -> PhoneFormats.format("12345", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypoKeepsTheFirstLetterAndStripsAccents() {
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            String typo = TypedInputs.typo("Conceição", random);
            assertThat(typo).startsWith("C").doesNotContain("ç", "ã");
            assertThat(Math.abs(typo.length() - "Conceicao".length())).isLessThanOrEqualTo(1);
        }
        assertThat(TypedInputs.prefix("Éloïse")).isEqualTo("elo");
        assertThat(TypedInputs.retype("ana@example.org", new Random(3))).isEqualToIgnoringCase("ana@example.org");
    }

    @Test
    void aSoundAlikeChangesTheFirstTwoVowelsAfterTheFirstLetter() {
        assertThat(TypedInputs.soundAlike("Johnson")).isEqualTo("juhnsun");
        assertThat(TypedInputs.soundAlike("Núñez")).isEqualTo("nonaz");
        assertThat(TypedInputs.soundAlike("Smyth")).isEqualTo("smyth");
    }
}
