package com.patientsearch.search.paging;

import com.patientsearch.search.common.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec("test-secret");

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
        String body = new String(Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(body.replace("42", "43").getBytes())
                + cursor.substring(cursor.indexOf('.'));
        assertThatThrownBy(() -> codec.decode(forged, "f", 2))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("was modified");
    }

    @Test
    void refusesACursorSignedWithAnotherSecret() {
        String cursor = new CursorCodec("other-secret").encode("f", List.of("1"));
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
