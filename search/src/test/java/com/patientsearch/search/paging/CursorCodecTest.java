package com.patientsearch.search.paging;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {

    private static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";

    private final CursorCodec codec = new CursorCodec(SECRET);

    @Test
    void roundTripsTheKeyValues() {
        String cursor = codec.encode("q=smith|sort=name", List.of("smith", "john", "42"));
        assertThat(codec.decode(cursor, "q=smith|sort=name", 3)).containsExactly("smith", "john", "42");
    }

    @Test
    void refusesACursorOfAnotherQuery() {
        String cursor = codec.encode("q=smith|sort=name", List.of("smith", "42"));
        assertThatThrownBy(() -> codec.decode(cursor, "q=jones|sort=name", 2))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("cursor: belongs to another query");
    }

    @Test
    void refusesATamperedCursor() {
        String cursor = codec.encode("f", List.of("smith", "42"));
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        raw[raw.length - 20] ^= 1;
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> codec.decode(forged, "f", 2))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("was modified");
    }

    @Test
    void showsNoneOfItsValuesOrItsQuery() {
        String cursor = codec.encode("q=quintanilla|dob=1985-05-05", List.of("quintanilla", "marisol", "555-301-1111"));
        String opened = new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat((cursor + opened).toLowerCase()).doesNotContain("quintanilla", "marisol", "1985", "301");
        assertThat(codec.encode("q=quintanilla|dob=1985-05-05", List.of("quintanilla", "marisol", "555-301-1111")))
                .as("a fresh nonce per cursor").isNotEqualTo(cursor);
    }

    @Test
    void isBoundToTheCallersUserRoleAndClinics() {
        CallerScope alice = CallerScope.of("alice", "clinician", java.util.Set.of("A"), "r1");
        String cursor = codec.encode(alice, "f", List.of("1"));
        assertThat(codec.decode(CallerScope.of("alice", "clinician", java.util.Set.of("A"), "r2"), cursor, "f", 1))
                .containsExactly("1");
        for (CallerScope other : List.of(CallerScope.of("mallory", "clinician", java.util.Set.of("A"), "r1"),
                CallerScope.of("alice", "clinician", java.util.Set.of("A", "B"), "r1"),
                CallerScope.of("alice", "front_desk", java.util.Set.of("A"), "r1"))) {
            assertThatThrownBy(() -> codec.decode(other, cursor, "f", 1))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessage("cursor: belongs to another caller");
        }
        assertThatThrownBy(() -> codec.decode(cursor, "f", 1)).hasMessage("cursor: belongs to another caller");
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new CursorCodec("too-short"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void refusesACursorSignedWithAnotherSecret() {
        String cursor = new CursorCodec(SECRET.replace('t', 'x')).encode("f", List.of("1"));
        assertThatThrownBy(() -> codec.decode(cursor, "f", 1)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> codec.decode("not a cursor", "f", 1))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("cursor: is malformed");
        assertThatThrownBy(() -> codec.decode("%%%.%%%", "f", 1)).isInstanceOf(InvalidParameterException.class);
    }
}
