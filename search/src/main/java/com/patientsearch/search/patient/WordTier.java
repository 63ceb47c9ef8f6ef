package com.patientsearch.search.patient;

import java.util.Set;

/**
 * One tier of a query word: what matches it and its weight ({@link PatientIndexSearch}'s tiers, best first).
 *
 * @param terms the nicknames, for {@link Kind#NICKNAME}
 */
record WordTier(Kind kind, int weight, int maxEdits, int exactPrefix, Set<String> terms) {

    enum Kind {
        /** the word itself, in the name field */
        EXACT,
        /** a name starting with the word (the edge n-grams of the name_prefix field) */
        PREFIX,
        /** a nickname of the word, or the name it is a nickname of */
        NICKNAME,
        /** the word with up to {@code maxEdits} edits after its first {@code exactPrefix} letters */
        FUZZY,
        /** a name with the word's Double Metaphone code */
        PHONETIC
    }

    static WordTier of(Kind kind, int weight) {
        return new WordTier(kind, weight, 0, 0, Set.of());
    }
}
