package com.patientsearch.perf.load;

import com.patientsearch.perf.PhoneFormats;
import com.patientsearch.perf.TypedInputs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * What the load test asks for, in what proportion: a front desk's day as the API sees it. Names are typed with a
 * typo half of the time, phones in one of six formats; every value comes from a patient sampled from the service.
 */
final class RequestMix {

    /**
     * Request kinds and their weights (percent of the default mix's requests). The one-word and type-ahead kinds are
     * not in the default mix (its figures stay comparable with earlier runs): {@code --kinds common_word,type_ahead}.
     */
    enum Kind {
        NAME("name search", 30),
        NAME_DOB("name + dob", 15),
        PHONE("phone", 15),
        RECORD("patient record", 20),
        PATIENT_APPOINTMENTS("patient's appointments", 12),
        PROVIDER_DAY("provider's day", 8),
        /** A sampled patient's first or last name alone: common names come in their frequency. */
        COMMON_WORD("one word", 50, false),
        /** The first 3 letters of a sampled patient's first or last name. */
        TYPE_AHEAD("3-letter prefix", 50, false);

        final String label;
        final int weight;
        final boolean inDefaultMix;

        Kind(String label, int weight) {
            this(label, weight, true);
        }

        Kind(String label, int weight, boolean inDefaultMix) {
            this.label = label;
            this.weight = weight;
            this.inDefaultMix = inDefaultMix;
        }

        /** The kinds a load test sends unless {@code --kinds} names others. */
        static java.util.Set<Kind> defaultMix() {
            java.util.Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
            java.util.Arrays.stream(values()).filter(k -> k.inDefaultMix).forEach(kinds::add);
            return kinds;
        }
    }

    static final int TOTAL_WEIGHT = Kind.defaultMix().stream().mapToInt(k -> k.weight).sum();

    /** A kind by its option name ({@code name}, {@code name_dob}, {@code patient_appointments}, ...). */
    static Kind kind(String option) {
        for (Kind kind : Kind.values()) {
            if (kind.name().equalsIgnoreCase(option.strip().replace('-', '_'))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown request kind " + option + "; one of "
                + java.util.Arrays.stream(Kind.values()).map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    /** A patient sampled from the service, with what the mix needs of it. */
    record Sample(long id, String first, String last, String dob, String phoneDigits, List<String[]> providerDays) {
    }

    private final List<Sample> samples;
    private final List<Sample> withPhone;
    private final List<Sample> withVisits;
    private final List<Kind> kinds;
    private final int totalWeight;

    RequestMix(List<Sample> samples) {
        this(samples, Kind.defaultMix());
    }

    /** Only {@code kinds}, in their weights relative to each other (e.g. name searches alone). */
    RequestMix(List<Sample> samples, java.util.Set<Kind> kinds) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no patients sampled");
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no request kinds");
        }
        this.kinds = List.copyOf(java.util.EnumSet.copyOf(kinds));
        this.totalWeight = this.kinds.stream().mapToInt(k -> k.weight).sum();
        this.samples = List.copyOf(samples);
        this.withPhone = samples.stream().filter(s -> s.phoneDigits() != null && s.phoneDigits().length() >= 10).toList();
        this.withVisits = samples.stream().filter(s -> !s.providerDays().isEmpty()).toList();
    }

    /** The kinds this mix sends. */
    List<Kind> kinds() {
        return kinds;
    }

    Kind pick(Random random) {
        int x = random.nextInt(totalWeight);
        for (Kind kind : kinds) {
            x -= kind.weight;
            if (x < 0) {
                return kind;
            }
        }
        throw new IllegalStateException();
    }

    /** The path and query of one request of {@code kind}, drawn with {@code random}. */
    String path(Kind kind, Random random) {
        Sample s = samples.get(random.nextInt(samples.size()));
        return switch (kind) {
            case NAME -> "/api/v1/patients/search?q=" + encode(name(s, random));
            case COMMON_WORD -> "/api/v1/patients/search?q=" + encode(word(s, random).toLowerCase(java.util.Locale.ROOT));
            case TYPE_AHEAD -> "/api/v1/patients/search?q=" + encode(TypedInputs.prefix(word(s, random)));
            case NAME_DOB -> "/api/v1/patients/search?q=" + encode(name(s, random) + " " + s.dob());
            case PHONE -> {
                if (withPhone.isEmpty()) {
                    yield path(Kind.NAME, random);
                }
                Sample p = withPhone.get(random.nextInt(withPhone.size()));
                String ten = p.phoneDigits().substring(p.phoneDigits().length() - 10);
                yield "/api/v1/patients/search?phone=" + encode(PhoneFormats.format(ten, random.nextInt(PhoneFormats.COUNT)));
            }
            case RECORD -> "/api/v1/patients/" + s.id();
            case PATIENT_APPOINTMENTS -> "/api/v1/appointments/search?patient=" + s.id();
            case PROVIDER_DAY -> {
                if (withVisits.isEmpty()) {
                    yield "/api/v1/appointments/search?patient=" + s.id();
                }
                List<String[]> days = withVisits.get(random.nextInt(withVisits.size())).providerDays();
                String[] day = days.get(random.nextInt(days.size()));
                yield "/api/v1/appointments/search?provider=" + day[0] + "&date=" + day[1];
            }
        };
    }

    private static String name(Sample s, Random random) {
        return random.nextBoolean() ? TypedInputs.typoName(s.first(), s.last(), random)
                : TypedInputs.stripAccents(s.first()) + " " + TypedInputs.stripAccents(s.last());
    }

    /** The first or the last name, accents stripped: one word as a front desk types it first. */
    private static String word(Sample s, Random random) {
        return TypedInputs.stripAccents(random.nextBoolean() ? s.first() : s.last());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
