package com.patientsearch.perf.load;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load generator refuses anything but this machine, and reads its bounds as documented. */
class LoadOptionsTest {

    @Test
    void loopbackTargetsOnly() {
        for (String ok : List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:9000")) {
            assertThatCode(() -> LoadOptions.requireLoopback(URI.create(ok))).as(ok).doesNotThrowAnyException();
        }
        for (String refused : List.of("http://10.0.0.5:8080", "http://192.168.1.20", "http://8.8.8.8", "http://[2001:db8::1]")) {
            assertThatThrownBy(() -> LoadOptions.requireLoopback(URI.create(refused))).as(refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        }
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "http://10.1.1.1:8080"}, Map.of()))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> LoadOptions.requireLoopback(URI.create("ftp://localhost/")))
                .hasMessageContaining("http");
    }

    @Test
    void boundsLevelsAndTokenAsGiven() {
        LoadOptions options = LoadOptions.parse(new String[] {"--url", "http://localhost:18080/", "--concurrency", "1, 8,32",
                "--duration", "20s", "--warmup", "500ms", "--max-requests", "1000", "--repeats", "3"},
                Map.of("PATIENT_SEARCH_TOKEN", "abc"));
        assertThat(options.url()).isEqualTo(URI.create("http://localhost:18080"));
        assertThat(options.concurrency()).containsExactly(1, 8, 32);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.maxRequests()).isEqualTo(1000);
        assertThat(options.repeats()).isEqualTo(3);
        assertThat(options.token()).isEqualTo("abc");
        assertThat(LoadOptions.parse(new String[] {"--token", "xyz"}, Map.of("PATIENT_SEARCH_TOKEN", "abc")).token()).isEqualTo("xyz");
        assertThat(LoadOptions.parse(new String[0], Map.of()).token()).isNull();
        assertThat(LoadOptions.parse(new String[0], Map.of()).concurrency()).containsExactly(1, 8, 32, 64);
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--concurrency", "0"}, Map.of())).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--bogus", "1"}, Map.of())).hasMessageContaining("unknown option");
        assertThat(LoadOptions.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    }
}
