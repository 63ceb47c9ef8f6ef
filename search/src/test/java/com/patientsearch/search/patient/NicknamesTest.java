package com.patientsearch.search.patient;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NicknamesTest {

    private final Nicknames nicknames = Nicknames.standard();

    @Test
    void bothDirections() {
        assertThat(nicknames.of("bob")).contains("robert", "rob").doesNotContain("bob");
        assertThat(nicknames.of("robert")).contains("bob", "bobby", "rob");
        assertThat(nicknames.of("peggy")).contains("margaret");
        assertThat(nicknames.of("margaret")).contains("peggy", "maggie");
        assertThat(nicknames.related("Kate", "Katherine")).isTrue();
        assertThat(nicknames.related("Katherine", "Kate")).isTrue();
    }

    @Test
    void typedAnyWayAndUnknownNamesHaveNone() {
        assertThat(nicknames.of("  BÓB ")).isEqualTo(nicknames.of("bob"));
        assertThat(nicknames.of("zelinski")).isEmpty();
        assertThat(nicknames.of("")).isEmpty();
    }

    @Test
    void oneStepOnly() {
        // "bill" -> "fred" (Wilfred) and "bill" -> "william" are both in the list: following two steps would make
        // every Fred a William.
        assertThat(nicknames.of("bill")).contains("william", "fred");
        assertThat(nicknames.of("william")).contains("bill").doesNotContain("fred");
    }
}
