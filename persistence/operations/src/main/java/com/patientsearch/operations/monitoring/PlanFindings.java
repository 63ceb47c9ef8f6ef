package com.patientsearch.operations.monitoring;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The latest plan findings per query family, bounded (oldest family forgotten first). */
@Singleton
public class PlanFindings {

    private static final int MAX_FAMILIES = 500;

    private final Map<String, Capture> byFamily = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Capture> eldest) {
            return size() > MAX_FAMILIES;
        }
    };

    /** What happened to a family's plan capture: the findings, or why there are none. */
    public record Capture(Instant at, String status, List<PlanFinding> findings) {
    }

    synchronized void put(String family, Capture capture) {
        byFamily.put(family, capture);
    }

    public synchronized Capture forFamily(String family) {
        return byFamily.get(family);
    }

    /** Findings naming {@code table}, newest capture first: ties table health to the queries that hurt it. */
    public synchronized List<PlanFinding> forTable(String table) {
        List<PlanFinding> out = new ArrayList<>();
        byFamily.values().forEach(c -> c.findings().stream().filter(f -> table.equals(f.table())).forEach(out::add));
        return out;
    }

    public synchronized List<PlanFinding> all(int limit) {
        List<PlanFinding> out = new ArrayList<>();
        for (Capture c : byFamily.values()) {
            for (PlanFinding f : c.findings()) {
                if (out.size() >= limit) {
                    return out;
                }
                out.add(f);
            }
        }
        return out;
    }
}
