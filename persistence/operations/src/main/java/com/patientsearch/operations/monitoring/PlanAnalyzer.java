package com.patientsearch.operations.monitoring;

import com.patientsearch.operations.monitoring.PlanFinding.Kind;
import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)} plan and lists what is wrong with it. Column
 * names are pulled out of Filter / Index Cond / Sort Key expressions and checked against the table's real columns
 * ({@code columnsOf}), so a keyword or a function name never ends up in a suggested index.
 */
final class PlanAnalyzer {

    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern TYPE_CAST = Pattern.compile("::\\s*\"?[a-z_][a-z0-9_ ]*?\"?(\\[\\])?(?=[\\s),=<>!~|]|$)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?:\"?[A-Za-z_][\\w$]*\"?\\.)?\"?([A-Za-z_][\\w$]*)\"?(\\s*\\()?");

    private final PlanProperties properties;

    PlanAnalyzer(PlanProperties properties) {
        this.properties = properties;
    }

    /** What the analyzer needs to know about a table ("schema.table" or "table") beyond the plan. */
    interface Catalog {
        /** The table's columns, empty if unknown. */
        Set<String> columns(String table);

        /** True if the table was never analysed or changed much since. */
        boolean statisticsStale(String table);
    }

    /** @param plan the JSON array EXPLAIN returns */
    List<PlanFinding> analyze(String family, JsonNode plan, Catalog catalog) {
        Function<String, Set<String>> columnsOf = catalog::columns;
        List<PlanFinding> findings = new ArrayList<>();
        JsonNode root = plan.isArray() && plan.size() > 0 ? plan.get(0) : plan;
        JsonNode top = root.get("Plan");
        if (top != null) {
            walk(family, top, columnsOf, catalog, findings);
        }
        return findings;
    }

    private void walk(String family, JsonNode node, Function<String, Set<String>> columnsOf, Catalog catalog,
                      List<PlanFinding> out) {
        String type = text(node, "Node Type");
        String table = text(node, "Relation Name");
        String schema = text(node, "Schema");
        String qualified = table == null ? null : (schema == null ? table : schema + "." + table);
        long loops = Math.max(1, number(node, "Actual Loops"));
        long actualRows = number(node, "Actual Rows");
        long planRows = number(node, "Plan Rows");
        long removed = number(node, "Rows Removed by Filter");
        boolean analyzed = node.get("Actual Rows") != null;

        if ("Seq Scan".equals(type) && table != null) {
            long scanned = analyzed ? (actualRows + removed) * loops : planRows;
            if (scanned >= properties.getLargeTableRows()) {
                List<String> columns = columns(text(node, "Filter"), qualified, columnsOf);
                out.add(new PlanFinding(family, Kind.SEQ_SCAN_LARGE_TABLE, table, columns,
                        evidence("rows_scanned", scanned, "rows_returned", actualRows * loops, "loops", loops),
                        columns.isEmpty()
                                ? "The query reads all of " + table + ": add a selective WHERE condition or paginate"
                                : createIndex(schema, table, columns)));
            }
        }
        if (analyzed && removed > 0 && removed >= properties.getFilterRatio() * Math.max(1, actualRows)
                && removed * loops >= properties.getLargeTableRows() && table != null && !"Seq Scan".equals(type)) {
            List<String> columns = new ArrayList<>(columns(text(node, "Index Cond"), qualified, columnsOf));
            for (String c : columns(text(node, "Filter"), qualified, columnsOf)) {
                if (!columns.contains(c)) {
                    columns.add(c);
                }
            }
            out.add(new PlanFinding(family, Kind.FILTER_REMOVES_MOST_ROWS, table, columns,
                    evidence("rows_removed_by_filter", removed * loops, "rows_returned", actualRows * loops,
                            "node", type),
                    columns.isEmpty() ? "Index the filtered columns of " + table : createIndex(schema, table, columns)));
        }
        if ("Disk".equals(text(node, "Sort Space Type"))) {
            String relation = table != null ? table : firstRelation(node);
            out.add(new PlanFinding(family, Kind.SORT_SPILLS_TO_DISK, relation,
                    columns(join(node.get("Sort Key")), relation, columnsOf),
                    evidence("sort_space_kb", number(node, "Sort Space Used"), "sort_method", text(node, "Sort Method")),
                    "Raise work_mem for this query (SET LOCAL work_mem) or add an index matching the sort order"));
        }
        if (number(node, "Hash Batches") > 1) {
            String relation = firstRelation(node);
            out.add(new PlanFinding(family, Kind.HASH_SPILLS_TO_DISK, relation, List.of(),
                    evidence("hash_batches", number(node, "Hash Batches"), "peak_memory_kb", number(node, "Peak Memory Usage")),
                    "Raise work_mem or hash_mem_multiplier, or make the hashed side smaller"));
        }
        if ("Nested Loop".equals(type) && node.get("Plans") != null && node.get("Plans").size() == 2) {
            JsonNode outer = node.get("Plans").get(0);
            JsonNode inner = node.get("Plans").get(1);
            long outerRows = number(outer, "Actual Rows") * Math.max(1, number(outer, "Actual Loops"));
            if (outerRows >= properties.getNestedLoopOuterRows()) {
                String innerTable = firstRelation(inner);
                String innerSchema = text(inner, "Schema");
                List<String> columns = innerTable == null ? List.of()
                        : columns(firstText(inner, "Index Cond", "Filter", "Recheck Cond"), innerTable,
                        t -> columnsOf.apply(innerSchema == null ? innerTable : innerSchema + "." + innerTable));
                out.add(new PlanFinding(family, Kind.NESTED_LOOP_MANY_ROWS, innerTable, columns,
                        evidence("outer_rows", outerRows, "inner_loops", number(inner, "Actual Loops")),
                        innerTable != null && !columns.isEmpty() && "Seq Scan".equals(text(inner, "Node Type"))
                                ? createIndex(innerSchema, innerTable, columns)
                                : "ANALYZE the joined tables so the planner can pick a hash or merge join; check the join columns are indexed"));
            }
        }
        long heapFetches = number(node, "Heap Fetches");
        if ("Index Only Scan".equals(type) && heapFetches >= properties.getHeapFetchRows() && table != null) {
            out.add(new PlanFinding(family, Kind.HEAP_FETCHES, table, List.of(),
                    evidence("heap_fetches", heapFetches, "rows", actualRows * loops),
                    "VACUUM (ANALYZE) " + qualified(schema, table) + ";"));
        } else if ("Index Scan".equals(type) && table != null && actualRows * loops >= properties.getHeapFetchRows()) {
            List<String> keys = columns(text(node, "Index Cond"), qualified, columnsOf);
            List<String> output = columns(join(node.get("Output")), qualified, columnsOf);
            List<String> include = new ArrayList<>(output);
            include.removeAll(keys);
            if (!keys.isEmpty() && !include.isEmpty() && include.size() <= 4) {
                out.add(new PlanFinding(family, Kind.HEAP_FETCHES, table, keys,
                        evidence("heap_fetches", actualRows * loops, "index", text(node, "Index Name")),
                        "CREATE INDEX CONCURRENTLY ON " + qualified(schema, table) + " (" + identifiers(keys)
                                + ") INCLUDE (" + identifiers(include) + "); -- allows an index-only scan"));
            }
        }
        if (analyzed && table != null) {
            long high = Math.max(actualRows, planRows);
            long low = Math.max(1, Math.min(actualRows, planRows));
            if (high >= 100 && high / low >= properties.getMisestimateFactor()) {
                List<String> columns = columns(firstText(node, "Filter", "Index Cond", "Recheck Cond"), qualified, columnsOf);
                boolean stale = catalog.statisticsStale(qualified);
                // Fresh statistics that still misestimate need a finer histogram on the filtered columns.
                String fix = stale || columns.isEmpty()
                        ? "ANALYZE " + qualified(schema, table) + ";"
                        : columns.stream().map(c -> "ALTER TABLE " + qualified(schema, table) + " ALTER COLUMN "
                                + identifier(c) + " SET STATISTICS 1000;\n").reduce("", String::concat)
                        + "ANALYZE " + qualified(schema, table) + ";";
                out.add(new PlanFinding(family, Kind.ROW_MISESTIMATE, table, columns,
                        evidence("plan_rows", planRows, "actual_rows", actualRows, "node", type, "statistics_stale", stale),
                        fix));
            }
        }
        JsonNode children = node.get("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                walk(family, children.get(i), columnsOf, catalog, out);
            }
        }
    }

    /** Column names of {@code table} that appear in a plan expression, in order of appearance. */
    static List<String> columns(String expression, String table, Function<String, Set<String>> columnsOf) {
        if (expression == null || expression.isBlank() || table == null) {
            return List.of();
        }
        Set<String> known = columnsOf.apply(table);
        String e = STRING_LITERAL.matcher(expression).replaceAll(" ");
        e = TYPE_CAST.matcher(e).replaceAll(" ");
        Set<String> found = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            if (m.group(2) != null) {
                continue; // a function call, not a column
            }
            String name = m.group(1);
            if (known.contains(name) || known.contains(name.toLowerCase(Locale.ROOT))) {
                found.add(known.contains(name) ? name : name.toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(found);
    }

    static String createIndex(String schema, String table, List<String> columns) {
        return "CREATE INDEX CONCURRENTLY ON " + qualified(schema, table) + " (" + identifiers(columns) + ");";
    }

    static String qualified(String schema, String table) {
        return (schema == null || "public".equals(schema) ? "" : identifier(schema) + ".") + identifier(table);
    }

    static String identifiers(List<String> names) {
        return String.join(", ", names.stream().map(PlanAnalyzer::identifier).toList());
    }

    static String identifier(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String firstRelation(JsonNode node) {
        String table = text(node, "Relation Name");
        if (table != null) {
            return table;
        }
        JsonNode children = node.get("Plans");
        if (children != null) {
            for (int i = 0; i < children.size(); i++) {
                String found = firstRelation(children.get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String join(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < array.size(); i++) {
            out.append(array.get(i).coerceStringValue()).append(", ");
        }
        return out.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.coerceStringValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isNumber() ? 0 : value.getLongValue();
    }

    private static Map<String, Object> evidence(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
