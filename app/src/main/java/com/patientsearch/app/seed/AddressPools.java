package com.patientsearch.app.seed;

import net.datafaker.Faker;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Street names, city names and ZIP codes per state from datafaker's en-US lists, drawn once: calling the faker per
 * row would cost more than the rest of the generation. Sorted, so draws depend only on the seeder's random source.
 */
final class AddressPools {

    final String[] streets;
    final String[] cities;
    final String[] states;
    private final Map<String, String[]> zips = new HashMap<>();
    private final Faker faker;

    AddressPools(List<String> clinicStates) {
        this.faker = new Faker(Locale.US, new Random(1990));
        this.streets = distinct(3_000, () -> faker.address().streetName());
        this.cities = distinct(1_500, () -> faker.address().cityName());
        this.states = distinct(400, () -> faker.address().stateAbbr());
        for (String state : clinicStates) {
            zipsOf(state);
        }
        for (String state : states) {
            zipsOf(state);
        }
    }

    String[] zipsOf(String state) {
        return zips.computeIfAbsent(state, s -> {
            try {
                return distinct(60, () -> faker.address().zipCodeByState(s));
            } catch (RuntimeException e) {
                // a territory datafaker knows no ZIP prefix for
                return distinct(60, () -> faker.address().zipCode());
            }
        });
    }

    private static String[] distinct(int samples, java.util.function.Supplier<String> draw) {
        TreeSet<String> values = new TreeSet<>();
        for (int i = 0; i < samples; i++) {
            values.add(draw.get());
        }
        return values.toArray(String[]::new);
    }
}
