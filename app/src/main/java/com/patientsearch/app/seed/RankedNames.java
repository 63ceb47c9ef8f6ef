package com.patientsearch.app.seed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A census name list drawn by rank with weight {@code 1 / (rank + offset)}: Zipf-like and heavy-tailed. The offset
 * flattens the head to match the census (offset 10 puts "Smith" at about 1% of surnames and rank 1,000 at about
 * 0.011%, as in the 1990 data); plain 1/rank would make Smith 8%.
 */
final class RankedNames {

    private final String[] names;
    private final double[] cumulative;

    RankedNames(List<String> ranked, double offset) {
        this.names = ranked.toArray(String[]::new);
        this.cumulative = new double[names.length];
        double total = 0;
        for (int rank = 1; rank <= names.length; rank++) {
            total += 1.0 / (rank + offset);
            cumulative[rank - 1] = total;
        }
    }

    static RankedNames resource(String path, double offset) {
        try (InputStream in = RankedNames.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            List<String> ranked = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        ranked.add(mcCase(line.strip()));
                    }
                }
            }
            return new RankedNames(ranked, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String draw(SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        int index = i >= 0 ? i : -i - 1;
        return names[Math.min(index, names.length - 1)];
    }

    /** The census lists write "Mcdonald"; people write "McDonald". */
    static String mcCase(String name) {
        if (name.length() > 3 && name.startsWith("Mc") && Character.isLowerCase(name.charAt(2))) {
            return "Mc" + Character.toUpperCase(name.charAt(2)) + name.substring(3);
        }
        return name;
    }
}
