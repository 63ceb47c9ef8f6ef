package com.patientsearch.search.patient;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Java twin of the SQL function {@code ps_normalize_name}: lower case, accents off (as PostgreSQL's unaccent
 * does, including ß -> ss), apostrophes dropped, other punctuation and spaces -> token boundaries.
 * NameNormalizerTest runs both on the same tricky names so they cannot drift apart.
 */
public final class NameNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern APOSTROPHES = Pattern.compile("['`´’]");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    private NameNormalizer() {
    }

    public static String normalize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder folded = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            switch (c) {
                case 'ß' -> folded.append("ss");
                case 'æ' -> folded.append("ae");
                case 'œ' -> folded.append("oe");
                case 'ø' -> folded.append('o');
                case 'đ', 'ð' -> folded.append('d');
                case 'ł' -> folded.append('l');
                case 'þ' -> folded.append("th");
                case 'ı' -> folded.append('i');
                default -> folded.append(c);
            }
        }
        String unaccented = MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
        String noApostrophes = APOSTROPHES.matcher(unaccented).replaceAll("");
        return SEPARATORS.matcher(noApostrophes).replaceAll(" ").trim();
    }

    public static List<String> tokens(String text) {
        String normalized = normalize(text);
        List<String> tokens = new ArrayList<>();
        if (!normalized.isEmpty()) {
            for (String token : normalized.split(" ")) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /**
     * A name part of two words or more as one word ("De la Cruz" -> "delacruz", "Jones-Jarvi" -> "jonesjarvi",
     * "Mary Ann" -> "maryann"), the extra word both engines index for it: the same person is registered one way and
     * searched the other. Empty for a part of one word. The twin of the SQL function {@code ps_joined_name}.
     */
    public static Optional<String> joined(String part) {
        List<String> words = part == null ? List.of() : tokens(part);
        return words.size() < 2 ? Optional.empty() : Optional.of(String.join("", words));
    }
}
