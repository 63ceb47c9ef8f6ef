package com.patientsearch.search.paging;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One keyset page: {@code items} is always present; {@code nextCursor} is null on the last page. */
@Serdeable
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }
}
