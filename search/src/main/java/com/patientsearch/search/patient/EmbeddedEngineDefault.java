package com.patientsearch.search.patient;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * The engine when {@code search.engine} is not set and the database is the embedded one: lucene. The embedded
 * PostgreSQL belongs to one process, so there is one node and its index sees every write; there, lucene answers every
 * benchmarked search family at least as fast and finds sound-alikes (docs/search-engines.md, "Default"). An external
 * database may be shared by several nodes, each of which would hold an index of its own writes only: postgres stays
 * the default there.
 */
@Singleton
@Requires(missingProperty = "datasources.default.url")
class EmbeddedEngineDefault implements BeanCreatedEventListener<SearchEngineProperties> {

    @Override
    public SearchEngineProperties onCreated(BeanCreatedEvent<SearchEngineProperties> event) {
        SearchEngineProperties search = event.getBean();
        if (!search.named()) {
            search.setEngine(SearchEngine.LUCENE.name().toLowerCase(Locale.ROOT));
        }
        return search;
    }
}
