package com.patientsearch.search.opensearch;

import org.hibernate.search.backend.elasticsearch.index.layout.IndexLayoutStrategy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hibernate Search's default layout (a numbered index behind a write and a read alias) under a prefix:
 * {@code <prefix><index>-000001}, aliases {@code <prefix><index>-write} and {@code <prefix><index>-read}.
 * The app only ever reads and writes through the aliases, so an index can be rebuilt beside the live one and the
 * aliases moved (docs/operations.md).
 */
final class PrefixedIndexLayout implements IndexLayoutStrategy {

    private static final Pattern NUMBERED = Pattern.compile("(.*)-\\d+");

    private final String prefix;

    PrefixedIndexLayout(String prefix) {
        if (!prefix.equals(prefix.toLowerCase(Locale.ROOT)) || prefix.contains(" ") || prefix.startsWith("_")) {
            throw new IllegalArgumentException("search.opensearch.index-prefix must be lower case, without spaces, "
                    + "not starting with '_'");
        }
        this.prefix = prefix;
    }

    @Override
    public String createInitialElasticsearchIndexName(String hibernateSearchIndexName) {
        return prefix + hibernateSearchIndexName + "-000001";
    }

    @Override
    public String createWriteAlias(String hibernateSearchIndexName) {
        return prefix + hibernateSearchIndexName + "-write";
    }

    @Override
    public String createReadAlias(String hibernateSearchIndexName) {
        return prefix + hibernateSearchIndexName + "-read";
    }

    @Override
    public String extractUniqueKeyFromHibernateSearchIndexName(String hibernateSearchIndexName) {
        return prefix + hibernateSearchIndexName;
    }

    @Override
    public String extractUniqueKeyFromElasticsearchIndexName(String elasticsearchIndexName) {
        Matcher matcher = NUMBERED.matcher(elasticsearchIndexName);
        if (!matcher.matches()) {
            throw new IllegalStateException("not an index of this layout: " + elasticsearchIndexName);
        }
        return matcher.group(1);
    }
}
