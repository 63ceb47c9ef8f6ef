package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.PatientStatus;
import com.patientsearch.search.common.CallerClinicsSql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the one SQL statement a patient search runs. The statement is assembled only from the fixed fragments
 * below, chosen by which filters are present and by the sort (an allow-list); every value is a bind parameter.
 *
 * <p>Name matching, in the database (docs/indexing.md): each query token finds its candidate dictionary tokens
 * (exact; typos within 1 edit, 2 from six letters, through the deletion-variant b-tree; completions of the last
 * word, of fragments and of unknown words through the text_pattern_ops b-tree), then patients must hold a candidate of
 * every query token: for one word {@code name_tokens && candidates}; for more, each neighbouring pair of words must
 * match a pair of the patient's name words ({@code name_pairs}, see PAIRS_OF). The score sums each query token's best
 * match: exact 1.0, prefix 0.8, nickname ({@link Nicknames}, both ways) 0.6, one edit (or one swap of neighbours) 0.4,
 * two edits 0.2, so exact matches always rank above nickname and fuzzy ones.
 */
final class PatientSearchSql {

    /** How many type-ahead completions a token may expand to (the most frequent ones). */
    static final int PREFIX_EXPANSIONS = 25;

    private static final String CANDIDATES = """
            WITH qt AS (
                SELECT u.ord, u.t, u.maxd, string_to_array(u.swaps, ' ') AS swaps
                FROM unnest(?::text[], ?::int[], ?::text[]) WITH ORDINALITY AS u(t, maxd, swaps, ord)
            ), qv AS (
                SELECT d.ord, d.variant FROM unnest(?::int[], ?::text[]) AS d(ord, variant)
            ), qn AS (
                SELECT k.ord, k.name FROM unnest(?::int[], ?::text[]) AS k(ord, name)
            ), cand AS MATERIALIZED (
                SELECT qt.ord, c.token, max(c.quality) AS quality
                FROM qt CROSS JOIN LATERAL (
                    SELECT v.token,
                           CASE WHEN v.token = qt.t THEN 1.0
                                WHEN v.token = ANY (qt.swaps) THEN 0.4
                                ELSE 0.6 - 0.2 * levenshtein(v.token, qt.t) END AS quality
                    FROM name_token_variant v
                    WHERE v.variant IN (SELECT qv.variant FROM qv WHERE qv.ord = qt.ord)
                      -- a second edit only when the first letter is right: "garcia" must not find "maria"
                      AND (levenshtein_less_equal(v.token, qt.t, qt.maxd)
                              <= CASE WHEN left(v.token, 1) = left(qt.t, 1) THEN qt.maxd ELSE least(qt.maxd, 1) END
                           OR v.token = ANY (qt.swaps))
                    UNION ALL
                    -- nicknames both ways (Nicknames), those somebody bears
                    SELECT k.token, 0.6 FROM name_token k WHERE k.token IN (SELECT qn.name FROM qn WHERE qn.ord = qt.ord)
                    UNION ALL
                    SELECT n.token, 0.8
                    FROM (SELECT token FROM name_token
                          -- complete only the word being typed (the last), a fragment, or a word no one bears
                          WHERE (qt.ord = (SELECT max(ord) FROM qt) OR length(qt.t) <= 3
                                 OR NOT EXISTS (SELECT 1 FROM name_token known WHERE known.token = qt.t))
                            AND token ~>=~ qt.t AND token ~<~ (qt.t || '{') AND token <> qt.t
                          ORDER BY patients DESC, token
                          LIMIT %d) n
                ) c
                GROUP BY qt.ord, c.token
            )%s, matched AS (
                SELECT p.id, p.clinic_id, p.mrn, p.first_name, p.middle_name, p.last_name, p.date_of_birth, p.gender,
                       p.status, p.last_name_norm, p.first_name_norm, p.updated_at,
                       %s AS score
                FROM patient p
                WHERE true
            """;

    /** Candidates of query token %1$d (all of them, and those of one quality tier), computed once per statement. */
    private static final String CANDIDATES_OF = "(SELECT array_agg(token) FROM cand WHERE ord = %d)";
    private static final String TIER_OF = "(SELECT coalesce(array_agg(token), '{}') FROM cand WHERE ord = %d AND quality = %s)";
    /** A row holds some candidate of every token (the WHERE clause); its score counts the best tier per token. */
    private static final String TOKEN_SCORE = "CASE WHEN p.name_tokens && %s THEN 1.0 WHEN p.name_tokens && %s THEN 0.8"
            + " WHEN p.name_tokens && %s THEN 0.6 WHEN p.name_tokens && %s THEN 0.4 ELSE 0.2 END";

    private static final String NO_NAME = """
            WITH matched AS (
                SELECT p.id, p.clinic_id, p.mrn, p.first_name, p.middle_name, p.last_name, p.date_of_birth, p.gender,
                       p.status, p.last_name_norm, p.first_name_norm, p.updated_at, NULL::numeric AS score
                FROM patient p
                WHERE true
            """;

    /** One word: patients holding a candidate of it (patient_name_tokens_gin). */
    private static final String TOKEN_MATCH = "\n      AND p.name_tokens && " + CANDIDATES_OF;
    /**
     * Two or more words: for each neighbouring pair of query words, the pairs of their candidates that some patient
     * holds (name_token_pair, both orders of the words), then the patients holding one of them (patient_name_pairs_gin).
     * A pair lookup costs a few dozen index probes, where AND-ing the words' own posting lists cost a step per
     * patient per candidate token, slow for common names at 1M patients (080-name-pairs.sql; docs/performance.md).
     */
    private static final String PAIRS_OF = """
            , pairs%1$d AS MATERIALIZED (
                SELECT array_agg(pr.token_a || ' ' || pr.token_b) AS pairs FROM (
                    SELECT d.token_a, d.token_b FROM name_token_pair d
                    WHERE d.token_a = ANY (%2$s::text[]) AND d.token_b = ANY (%3$s::text[])
                    UNION ALL
                    SELECT d.token_a, d.token_b FROM name_token_pair d
                    WHERE d.token_a = ANY (%3$s::text[]) AND d.token_b = ANY (%2$s::text[])) pr
            )""";
    private static final String PAIR_MATCH = "\n      AND p.name_pairs && (SELECT pairs FROM pairs%d)";
    private static final String CLINIC = "\n      AND p.clinic_id = ?";
    private static final String CALLER_CLINICS = "\n      AND p.clinic_id = ANY (" + CallerClinicsSql.IDS + ")";
    // Spelled out so the planner can use the partial indexes defined WHERE status <> 'merged'.
    private static final String NOT_MERGED = "\n      AND p.status <> 'merged'";
    private static final String STATUSES = "\n      AND p.status = ANY (?::text[])";
    private static final String GENDER = "\n      AND p.gender = ?";
    private static final String DOB = "\n      AND p.date_of_birth BETWEEN ? AND ?";
    private static final String MRN = "\n      AND p.mrn = ?";
    private static final String IDS = "\n      AND p.id = ANY (?::bigint[])";
    /**
     * Street, city or postal code, accents and case ignored (the key is normalised like names): the patients with an
     * address holding every word of the query. A word of letters matches as a substring of the key or, to forgive a
     * typo, by word similarity (pg_trgm {@code %>}: its trigrams against the best-matching stretch of the key); a word
     * with digits (house number, postal code) only as a substring, since "62704" is not a typo of "62701". Both ride
     * address_search_key_trgm_gin (090-address-search.sql). Words under three characters have too few trigrams to
     * narrow an index down, so they only filter the addresses the others found. Word by word, not the phrase as one:
     * a phrase's similarity let "elm street" find "maple street" on "street" alone. ARRAY(...) runs once and feeds the
     * primary key, as for phones; the addresses are those row-level security lets the caller see.
     */
    private static final String ADDRESS_OPEN = """

                  AND p.id = ANY (ARRAY(SELECT ad.patient_id FROM address ad
                                        WHERE true""";
    private static final String ADDRESS_WORD = "\n                                          AND (ad.search_key LIKE ? OR ad.search_key %> ?)";
    private static final String ADDRESS_NUMBER = "\n                                          AND ad.search_key LIKE ?";
    private static final String ADDRESS_SHORT = "\n                                          AND strpos(ad.search_key, ?) > 0";
    private static final String ADDRESS_CLOSE = "))";
    static final int ADDRESS_TRIGRAM_WORD = 3;

    private static final String AFTER_RELEVANCE =
            "\n  AND (m.score < ?::numeric OR (m.score = ?::numeric AND (m.last_name_norm, m.first_name_norm, m.id) > (?, ?, ?)))";
    private static final String AFTER_NAME = "\n  AND (m.last_name_norm, m.first_name_norm, m.id) > (?, ?, ?)";
    private static final String AFTER_RECENT = "\n  AND (m.updated_at, m.id) < (?::timestamptz, ?)";

    private static final String ORDER_RELEVANCE = "m.score DESC, m.last_name_norm, m.first_name_norm, m.id";
    private static final String ORDER_NAME = "m.last_name_norm, m.first_name_norm, m.id";
    private static final String ORDER_RECENT = "m.updated_at DESC, m.id DESC";

    /** Contacts are looked up for the page only, never for every match: one index scan per row gives both. */
    private static final String PAGE_WITH_CONTACTS = """
            ), page AS (
                SELECT m.* FROM matched m WHERE true%s
                ORDER BY %s
                LIMIT ?
            )
            SELECT m.id, cl.code AS clinic, m.mrn, m.first_name, m.middle_name, m.last_name, m.date_of_birth, m.gender,
                   m.status, m.score, m.last_name_norm, m.first_name_norm, m.updated_at, ct.phone, ct.email
            FROM page m
            JOIN clinic cl ON cl.id = m.clinic_id
            LEFT JOIN LATERAL (
                SELECT (array_agg(c.phone ORDER BY c.is_primary DESC, c.id) FILTER (WHERE c.phone IS NOT NULL))[1] AS phone,
                       (array_agg(c.email ORDER BY c.is_primary DESC, c.id) FILTER (WHERE c.email IS NOT NULL))[1] AS email
                FROM contact_info c WHERE c.patient_id = m.id) ct ON true
            ORDER BY %s""";

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> binds = new ArrayList<>();

    private PatientSearchSql() {
    }

    /**
     * @param clinicId the clinic to restrict to (already checked to be one of the caller's), or null for all of
     *                 the caller's clinics
     * @param callerClinics the caller's clinic codes
     * @param after    the decoded cursor (the last row of the previous page), or null for the first page
     * @param fetch    rows to fetch (the page size plus one, to know whether there is a next page)
     */
    static PatientSearchSql build(PatientSearchQuery query, Long clinicId, List<String> callerClinics, List<String> after,
                                  int fetch) {
        PatientSearchSql s = new PatientSearchSql();
        if (query.nameTokens().isEmpty()) {
            s.sql.append(NO_NAME);
        } else {
            List<String> scores = new ArrayList<>();
            List<Integer> variantOrds = new ArrayList<>();
            List<String> variants = new ArrayList<>();
            List<Integer> nicknameOrds = new ArrayList<>();
            List<String> nicknames = new ArrayList<>();
            for (int i = 1; i <= query.nameTokens().size(); i++) {
                scores.add(TOKEN_SCORE.formatted(TIER_OF.formatted(i, "1.0"), TIER_OF.formatted(i, "0.8"),
                        TIER_OF.formatted(i, "0.6"), TIER_OF.formatted(i, "0.4")));
                for (String variant : TokenVariants.deletes(query.nameTokens().get(i - 1))) {
                    variantOrds.add(i);
                    variants.add(variant);
                }
                for (String nickname : Nicknames.standard().of(query.nameTokens().get(i - 1))) {
                    nicknameOrds.add(i);
                    nicknames.add(nickname);
                }
            }
            StringBuilder pairs = new StringBuilder();
            for (int i = 1; i < query.nameTokens().size(); i++) {
                pairs.append(PAIRS_OF.formatted(i, CANDIDATES_OF.formatted(i), CANDIDATES_OF.formatted(i + 1)));
            }
            s.sql.append(CANDIDATES.formatted(PREFIX_EXPANSIONS, pairs, "round(" + String.join(" + ", scores) + ", 3)"));
            s.binds.add(new TextArray(query.nameTokens()));
            s.binds.add(new IntArray(query.nameTokens().stream().map(TokenVariants::maxEdits).toList()));
            s.binds.add(new TextArray(query.nameTokens().stream().map(t -> String.join(" ", TokenVariants.swaps(t))).toList()));
            s.binds.add(new IntArray(variantOrds));
            s.binds.add(new TextArray(variants));
            s.binds.add(new IntArray(nicknameOrds));
            s.binds.add(new TextArray(nicknames));
            String nameMatch;
            if (query.nameTokens().size() == 1) {
                nameMatch = TOKEN_MATCH.formatted(1);
            } else {
                // Every word is in a pair, and the two words of a pair match two different words of the name.
                StringBuilder pairMatches = new StringBuilder();
                for (int i = 1; i < query.nameTokens().size(); i++) {
                    pairMatches.append(PAIR_MATCH.formatted(i));
                }
                nameMatch = pairMatches.toString();
            }
            s.sql.append(nameMatch);
            if (query.nameTokens().size() <= 2) {
                // Said twice on purpose. The planner guesses 1% (10,000 of 1M patients) for && on an array computed in
                // the statement; at that guess it AND-ed in the clinic index of the row-level-security condition,
                // reading all its million entries (docs/performance.md). The repeat costs a second check on the
                // patients found and brings the guess to about 100, as the two conditions of three words do.
                s.sql.append(nameMatch);
            }
        }
        if (clinicId != null) {
            s.add(CLINIC, clinicId);
        } else {
            s.add(CALLER_CLINICS, new TextArray(callerClinics));
        }
        if (!query.statuses().contains(PatientStatus.MERGED)) {
            s.sql.append(NOT_MERGED);
        }
        if (query.statuses().size() < PatientStatus.values().length) {
            s.add(STATUSES, new TextArray(query.statuses().stream().map(PatientStatus::code).sorted().toList()));
        }
        if (query.gender() != null) {
            s.add(GENDER, query.gender().code());
        }
        if (query.dobFrom() != null) {
            s.add(DOB, query.dobFrom(), query.dobTo());
        }
        if (query.mrn() != null) {
            s.add(MRN, query.mrn());
        }
        if (query.phoneDigits() != null) {
            s.add(ContactSearch.PHONE, ContactSearch.phoneSuffixRange(query.phoneDigits()));
        }
        if (query.email() != null) {
            s.add(ContactSearch.EMAIL, query.email());
        }
        if (query.address() != null) {
            s.sql.append(ADDRESS_OPEN);
            // the normalised words hold only [a-z0-9]: no LIKE wildcard can come from the caller
            for (String word : query.address().split(" ")) {
                if (word.length() < ADDRESS_TRIGRAM_WORD) {
                    s.add(ADDRESS_SHORT, word);
                } else if (word.chars().anyMatch(Character::isDigit)) {
                    s.add(ADDRESS_NUMBER, "%" + word + "%");
                } else {
                    s.add(ADDRESS_WORD, "%" + word + "%", word);
                }
            }
            s.sql.append(ADDRESS_CLOSE);
        }

        String order;
        String keyset = "";
        switch (query.sort()) {
            case RELEVANCE -> {
                order = ORDER_RELEVANCE;
                if (after != null) {
                    keyset = AFTER_RELEVANCE;
                    BigDecimal score = new BigDecimal(after.get(0));
                    s.binds.addAll(List.of(score, score, after.get(1), after.get(2), Long.parseLong(after.get(3))));
                }
            }
            case NAME -> {
                order = ORDER_NAME;
                if (after != null) {
                    keyset = AFTER_NAME;
                    s.binds.addAll(List.of(after.get(1), after.get(2), Long.parseLong(after.get(3))));
                }
            }
            case RECENT -> {
                order = ORDER_RECENT;
                if (after != null) {
                    keyset = AFTER_RECENT;
                    s.binds.addAll(List.of(java.time.OffsetDateTime.parse(after.get(0)), Long.parseLong(after.get(3))));
                }
            }
            default -> throw new IllegalStateException("unknown sort " + query.sort());
        }
        s.sql.append(PAGE_WITH_CONTACTS.formatted(keyset, order, order));
        s.binds.add(fetch);
        return s;
    }

    /**
     * The rows of a page an index found, by id, scoped like every search: to the caller's clinics here, and by
     * row-level security under it. An id the caller may not see, or no longer in the table, simply has no row.
     */
    static PatientSearchSql byIds(List<Long> ids, List<String> callerClinics) {
        PatientSearchSql s = new PatientSearchSql();
        s.sql.append(NO_NAME);
        s.add(IDS, new LongArray(ids));
        s.add(CALLER_CLINICS, new TextArray(callerClinics));
        s.sql.append(PAGE_WITH_CONTACTS.formatted("", "m.id", "m.id"));
        s.binds.add(ids.size());
        return s;
    }

    private void add(String fragment, Object... values) {
        sql.append(fragment);
        binds.addAll(List.of(values));
    }

    String sql() {
        return sql.toString();
    }

    List<Object> binds() {
        return binds;
    }

    /** A text[] bind parameter. */
    record TextArray(List<String> values) {
    }

    /** A bigint[] bind parameter. */
    record LongArray(List<Long> values) {
    }

    /** An int[] bind parameter. */
    record IntArray(List<Integer> values) {
    }
}
