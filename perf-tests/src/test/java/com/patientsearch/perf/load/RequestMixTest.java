package com.patientsearch.perf.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The mix sends each kind in its proportion, built from sampled patients. */
class RequestMixTest {

    private static final RequestMix.Sample ANA = new RequestMix.Sample(42, "Ana", "Conceição", "1980-02-03", "15551234567",
            List.<String[]>of(new String[] {"7", "2026-01-05"}));

    @Test
    void kindsComeInTheirWeights() {
        Random random = new Random(11);
        RequestMix mix = new RequestMix(List.of(ANA));
        Map<RequestMix.Kind, Integer> counts = new EnumMap<>(RequestMix.Kind.class);
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(mix.pick(random), 1, Integer::sum);
        }
        assertThat(RequestMix.TOTAL_WEIGHT).isEqualTo(100);
        for (RequestMix.Kind kind : RequestMix.Kind.defaultMix()) {
            assertThat(counts.get(kind) * 100.0 / draws).as(kind.label).isCloseTo(kind.weight, within(0.5));
        }
        assertThat(counts).doesNotContainKeys(RequestMix.Kind.COMMON_WORD, RequestMix.Kind.TYPE_AHEAD);
    }

    @Test
    void chosenKindsKeepTheirRelativeWeights() {
        RequestMix mix = new RequestMix(List.of(ANA), LoadOptions.kinds("name, NAME_DOB"));
        Random random = new Random(3);
        Map<RequestMix.Kind, Integer> counts = new EnumMap<>(RequestMix.Kind.class);
        int draws = 90_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(mix.pick(random), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(RequestMix.Kind.NAME, RequestMix.Kind.NAME_DOB);
        assertThat(counts.get(RequestMix.Kind.NAME) * 100.0 / draws).isCloseTo(200.0 / 3, within(0.6)); // 30 : 15
        assertThat(LoadOptions.kinds("patient-appointments")).containsExactly(RequestMix.Kind.PATIENT_APPOINTMENTS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoadOptions.kinds("name,bogus"))
                .hasMessageContaining("unknown request kind bogus");
    }

    @Test
    void pathsCarryTheSampledValues() {
        RequestMix mix = new RequestMix(List.of(ANA));
        Random random = new Random(5);
        for (int i = 0; i < 50; i++) {
            String name = decode(mix.path(RequestMix.Kind.NAME, random));
            assertThat(name).startsWith("/api/v1/patients/search?q=").doesNotContain("ç");
            assertThat(decode(mix.path(RequestMix.Kind.NAME_DOB, random))).endsWith(" 1980-02-03");
            assertThat(decode(mix.path(RequestMix.Kind.COMMON_WORD, random)))
                    .isIn("/api/v1/patients/search?q=ana", "/api/v1/patients/search?q=conceicao");
            assertThat(decode(mix.path(RequestMix.Kind.TYPE_AHEAD, random)))
                    .isIn("/api/v1/patients/search?q=ana", "/api/v1/patients/search?q=con");
            String phone = decode(mix.path(RequestMix.Kind.PHONE, random));
            assertThat(phone.substring(phone.indexOf('=') + 1).replaceAll("[^0-9]", "")).endsWith("5551234567");
        }
        assertThat(mix.path(RequestMix.Kind.RECORD, random)).isEqualTo("/api/v1/patients/42");
        assertThat(mix.path(RequestMix.Kind.PATIENT_APPOINTMENTS, random)).isEqualTo("/api/v1/appointments/search?patient=42");
        assertThat(mix.path(RequestMix.Kind.PROVIDER_DAY, random)).isEqualTo("/api/v1/appointments/search?provider=7&date=2026-01-05");
    }

    @Test
    void aRecordBecomesASample() throws Exception {
        String json = """
                {"id": 9, "firstName": "Jo", "lastName": "Lee", "dateOfBirth": "1970-01-01",
                 "contacts": [{"phone": null, "email": "x@y.z"}, {"phone": "(555) 000-1111", "email": null}],
                 "upcomingAppointments": [{"providerId": 3, "startsAt": "2026-12-01T10:00:00Z"}],
                 "pastAppointments": [{"providerId": 4, "startsAt": "2025-01-02T09:30:00Z"}]}""";
        RequestMix.Sample sample = LoadTest.sample(new ObjectMapper().readTree(json));
        assertThat(sample.id()).isEqualTo(9);
        assertThat(sample.phoneDigits()).isEqualTo("5550001111");
        assertThat(sample.providerDays()).extracting(d -> d[0] + "@" + d[1]).containsExactly("3@2026-12-01", "4@2025-01-02");
    }

    private static String decode(String path) {
        return URLDecoder.decode(path, StandardCharsets.UTF_8);
    }
}
