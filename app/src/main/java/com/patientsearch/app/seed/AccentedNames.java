package com.patientsearch.app.seed;

import net.datafaker.Faker;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Spanish, French, German and Brazilian Portuguese names from datafaker's locale lists (José, García, Müller,
 * Lefèvre, João...), which the census lists lack, so accent-insensitive search has something to find. The pools are
 * sorted, so draws depend only on the seeder's own random source. French has no gendered first-name list in
 * datafaker, so it contributes surnames only.
 */
final class AccentedNames {

    private static final List<Locale> GENDERED = List.of(Locale.forLanguageTag("es"), Locale.GERMAN,
            Locale.forLanguageTag("pt-BR"));
    private static final List<Locale> SURNAMES = List.of(Locale.forLanguageTag("es"), Locale.FRENCH, Locale.GERMAN,
            Locale.forLanguageTag("pt-BR"));
    private static final int SAMPLES = 2_500;

    private final String[] male;
    private final String[] female;
    private final String[] last;

    private AccentedNames(String[] male, String[] female, String[] last) {
        this.male = male;
        this.female = female;
        this.last = last;
    }

    static AccentedNames load() {
        return new AccentedNames(pool(GENDERED, f -> f.name().maleFirstName()),
                pool(GENDERED, f -> f.name().femaleFirstName()), pool(SURNAMES, f -> f.name().lastName()));
    }

    private static String[] pool(List<Locale> locales, Function<Faker, String> draw) {
        TreeSet<String> names = new TreeSet<>();
        for (Locale locale : locales) {
            // A fixed seed: the pool is a set, the seeder's random source picks from it.
            Faker faker = new Faker(locale, new Random(locale.hashCode()));
            for (int i = 0; i < SAMPLES; i++) {
                String name = draw.apply(faker).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names.toArray(String[]::new);
    }

    String first(boolean female, SplittableRandom random) {
        String[] pool = female ? this.female : male;
        return pool[random.nextInt(pool.length)];
    }

    String last(SplittableRandom random) {
        return last[random.nextInt(last.length)];
    }
}
