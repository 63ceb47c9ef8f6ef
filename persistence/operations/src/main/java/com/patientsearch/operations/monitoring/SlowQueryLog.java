package com.patientsearch.operations.monitoring;

import io.micrometer.core.instrument.Counter;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Raises the alert for a slow statement: a structured WARN line, db_slow_queries_total, and the bounded ring. */
@Singleton
public class SlowQueryLog {

    private static final Logger LOG = LoggerFactory.getLogger(SlowQueryLog.class);

    private final SlowQueryProperties properties;
    private final MeterRegistryHolder registry;
    private final Deque<SlowQuery> ring = new ArrayDeque<>();
    private final Set<String> taggedFamilies = ConcurrentHashMap.newKeySet();

    SlowQueryLog(SlowQueryProperties properties, MeterRegistryHolder registry) {
        this.properties = properties;
        this.registry = registry;
    }

    void record(SlowQuery query) {
        LOG.warn("slow_query family={} duration_ms={} rows={} endpoint=\"{}\" threshold_ms={} sql=\"{}\"",
                query.family(), query.durationMs(), query.rows() == null ? "unknown" : query.rows(),
                query.endpoint(), properties.getThreshold().toMillis(), query.sql().replace("\"", "\\\""));
        String tag = familyTag(query.family());
        registry.with(r -> Counter.builder("db_slow_queries").tag("family", tag)
                .description("Statements at or above monitoring.slow-query.threshold, by query family").register(r).increment());
        synchronized (ring) {
            ring.addFirst(query);
            while (ring.size() > properties.getRingSize()) {
                ring.removeLast();
            }
        }
    }

    /** The newest alerts first, at most {@code limit}. */
    public List<SlowQuery> recent(int limit) {
        synchronized (ring) {
            List<SlowQuery> out = new ArrayList<>(Math.min(limit, ring.size()));
            Iterator<SlowQuery> it = ring.iterator();
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
            return out;
        }
    }

    private String familyTag(String family) {
        if (taggedFamilies.contains(family)) {
            return family;
        }
        if (taggedFamilies.size() >= properties.getMaxFamilies()) {
            return "other";
        }
        taggedFamilies.add(family);
        return family;
    }
}
