package com.patientsearch.operations.monitoring;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * One thing a query plan says is wrong, tied to the query family that showed it. {@code evidence} holds plan
 * numbers only (rows, loops, kB), never an expression: plan filters quote the parameter values.
 */
@Serdeable
public record PlanFinding(String family, Kind kind, String table, List<String> columns, Map<String, Object> evidence,
                          String suggestion) {

    public enum Kind {
        SEQ_SCAN_LARGE_TABLE,
        FILTER_REMOVES_MOST_ROWS,
        SORT_SPILLS_TO_DISK,
        HASH_SPILLS_TO_DISK,
        NESTED_LOOP_MANY_ROWS,
        HEAP_FETCHES,
        ROW_MISESTIMATE
    }
}
