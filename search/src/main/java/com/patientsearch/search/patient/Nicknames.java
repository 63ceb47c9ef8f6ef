package com.patientsearch.search.patient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * English given-name nicknames, both ways and one step: "bob" gives "robert" (and "rob", "bobby"...), "robert" gives
 * "bob". One step only, because the list links names through rare senses ("bill" has "fred", from Wilfred), and
 * following them twice would make every Fred a William. Names are normalised like search tokens
 * ({@link NameNormalizer}), so the answer can be compared with a query's tokens directly.
 *
 * <p>The list is {@code nicknames/names.csv} (carltonnorthern/nicknames, Apache 2.0: LICENSE beside it, NOTICE at the
 * repository root). Every engine and the FHIR facade use this one class, so they agree on who is whom.
 */
public final class Nicknames {

    private static final String RESOURCE = "/nicknames/names.csv";
    private static final Nicknames STANDARD = load();

    private final Map<String, Set<String>> related;

    private Nicknames(Map<String, Set<String>> related) {
        this.related = related;
    }

    /** The shipped list, read once. */
    public static Nicknames standard() {
        return STANDARD;
    }

    /**
     * The names linked to {@code name} in either direction, normalised, without {@code name} itself; empty for a
     * name the list does not know. {@code name} may be typed any way ("Bob", "BÓB").
     */
    public Set<String> of(String name) {
        String key = NameNormalizer.normalize(name);
        return related.getOrDefault(key, Set.of());
    }

    /** Whether {@code a} and {@code b} are one nickname step apart (either direction). */
    public boolean related(String a, String b) {
        return of(a).contains(NameNormalizer.normalize(b));
    }

    private static Nicknames load() {
        Map<String, Set<String>> related = new HashMap<>();
        try (InputStream in = Nicknames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header: name1,relationship,name2
            String line;
            while ((line = reader.readLine()) != null) {
                List<String> columns = List.of(line.strip().split(","));
                if (columns.size() != 3 || !"has_nickname".equals(columns.get(1))) {
                    continue;
                }
                String name = NameNormalizer.normalize(columns.get(0));
                String nickname = NameNormalizer.normalize(columns.get(2));
                if (name.isEmpty() || nickname.isEmpty() || name.equals(nickname)) {
                    continue;
                }
                related.computeIfAbsent(name, k -> new TreeSet<>()).add(nickname);
                related.computeIfAbsent(nickname, k -> new TreeSet<>()).add(name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        related.replaceAll((name, names) -> Collections.unmodifiableSet(names));
        return new Nicknames(Map.copyOf(related));
    }
}
