package com.patientsearch.search.patient;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Java twin of SQL {@code ps_token_deletes}: a token and every string made by deleting one letter, or two for
 * tokens of 4+ letters. Computed here for query tokens (microseconds) instead of by the SQL function (milliseconds
 * per call); the dictionary side is still filled by the database trigger. NameNormalizerTest keeps them equal.
 */
final class TokenVariants {

    private TokenVariants() {
    }

    static Set<String> deletes(String token) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(token);
        Set<String> once = new LinkedHashSet<>();
        for (int i = 0; i < token.length(); i++) {
            String variant = token.substring(0, i) + token.substring(i + 1);
            if (!variant.isEmpty()) {
                once.add(variant);
            }
        }
        variants.addAll(once);
        if (token.length() >= 4) {
            for (String one : once) {
                for (int j = 0; j < one.length(); j++) {
                    variants.add(one.substring(0, j) + one.substring(j + 1));
                }
            }
        }
        return variants;
    }

    /** Every string made by swapping two neighbouring letters: a swap counts as one edit, not two. */
    static Set<String> swaps(String token) {
        Set<String> swaps = new LinkedHashSet<>();
        char[] letters = token.toCharArray();
        for (int i = 0; i + 1 < letters.length; i++) {
            if (letters[i] != letters[i + 1]) {
                char[] swapped = letters.clone();
                swapped[i] = letters[i + 1];
                swapped[i + 1] = letters[i];
                swaps.add(new String(swapped));
            }
        }
        return swaps;
    }

    /** Edits allowed for a typed token: none below 3 letters, 1 up to 5, 2 from 6 (plus swaps, as one edit). */
    static int maxEdits(String token) {
        return token.length() < 3 ? 0 : token.length() < 6 ? 1 : 2;
    }
}
