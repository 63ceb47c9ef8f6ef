package com.patientsearch.perf;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;

/** Inputs as people type them, made from values drawn from the data: shared by the benchmarks and the load test. */
public final class TypedInputs {

    private TypedInputs() {
    }

    /** One wrong, missing or swapped letter, never the first (as receptionists type), accents stripped. */
    public static String typo(String name, Random random) {
        String plain = stripAccents(name);
        if (plain.length() < 4) {
            return plain;
        }
        int at = 1 + random.nextInt(plain.length() - 2);
        return switch (random.nextInt(3)) {
            case 0 -> plain.substring(0, at) + plain.substring(at + 1);
            case 1 -> plain.substring(0, at) + plain.charAt(at + 1) + plain.charAt(at) + plain.substring(at + 2);
            default -> plain.substring(0, at) + (char) ('a' + random.nextInt(26)) + plain.substring(at + 1);
        };
    }

    /** "first last" with a typo in one of the two words (which one is random) and accents stripped from both. */
    public static String typoName(String first, String last, Random random) {
        return random.nextBoolean() ? typo(first, random) + " " + stripAccents(last)
                : stripAccents(first) + " " + typo(last, random);
    }

    /** An address as people type it: as stored, capitalised, or all upper case. */
    public static String retype(String email, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> email;
            case 1 -> Character.toUpperCase(email.charAt(0)) + email.substring(1);
            default -> email.toUpperCase(Locale.ROOT);
        };
    }

    public static String stripAccents(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    /** The first three letters, lower case, accents stripped (a type-ahead fragment). */
    public static String prefix(String name) {
        String plain = stripAccents(name).toLowerCase(Locale.ROOT);
        return plain.length() <= 3 ? plain : plain.substring(0, 3);
    }

    /**
     * The name spelt as it sounds to someone else: its first two vowels after the first letter changed (a/e, i/y,
     * o/u), which Double Metaphone ignores, so a sound-alike index matches it; two letters, so it is beyond one edit.
     */
    public static String soundAlike(String name) {
        StringBuilder plain = new StringBuilder(stripAccents(name).toLowerCase(Locale.ROOT));
        int changed = 0;
        for (int i = 1; i < plain.length() && changed < 2; i++) {
            char swapped = switch (plain.charAt(i)) {
                case 'a' -> 'e';
                case 'e' -> 'a';
                case 'i' -> 'y';
                case 'o' -> 'u';
                case 'u' -> 'o';
                default -> 0;
            };
            if (swapped != 0) {
                plain.setCharAt(i, swapped);
                changed++;
            }
        }
        return plain.toString();
    }
}
