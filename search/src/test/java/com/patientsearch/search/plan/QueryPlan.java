package com.patientsearch.search.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The plan PostgreSQL chooses for a statement with its real bind values, flattened to its nodes. */
public record QueryPlan(List<Node> nodes, String json) {

    public record Node(String type, String relation, String index) {
    }

    /** Binds a value the JDBC driver cannot take as it is (arrays); false leaves it to setObject. */
    @FunctionalInterface
    public interface Binder {
        boolean bind(PreparedStatement statement, int index, Object value) throws SQLException;
    }

    public static QueryPlan explain(Connection connection, String sql, List<Object> binds, Binder binder)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            int i = 1;
            for (Object bind : binds) {
                if (!binder.bind(statement, i, bind)) {
                    statement.setObject(i, bind);
                }
                i++;
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                String json = rs.getString(1);
                List<Node> nodes = new ArrayList<>();
                collect(new ObjectMapper().readTree(json).get(0).get("Plan"), nodes);
                return new QueryPlan(nodes, json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The generic plan: the one a prepared statement runs under {@code plan_cache_mode = force_generic_plan}, chosen
     * without looking at the values (RowSecurity.bindWithGenericPlans). Must run inside a transaction.
     */
    public static QueryPlan explainGeneric(Connection connection, String sql, List<Object> binds, Binder binder)
            throws SQLException {
        String name = "plan_check_" + PREPARED.incrementAndGet();
        List<String> arguments = new ArrayList<>();
        for (Object bind : binds) {
            arguments.add(literal(connection, bind, binder));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE " + name + " AS " + numbered(sql));
            // EXECUTE's arguments cannot be bind parameters: they go in as literals quoted by the server
            QueryPlan plan = explain(connection,
                    "EXECUTE " + name + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")"),
                    List.of(), binder);
            statement.execute("DEALLOCATE " + name);
            return plan;
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger PREPARED = new java.util.concurrent.atomic.AtomicInteger();

    private static String literal(Connection connection, Object value, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT quote_nullable(?)")) {
            if (!binder.bind(statement, 1, value)) {
                statement.setObject(1, value);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** JDBC's {@code ?} placeholders as PREPARE's {@code $1, $2, ...} (the statements explained have no '?' literal). */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void collect(JsonNode plan, List<Node> out) {
        out.add(new Node(plan.path("Node Type").asText(), plan.path("Relation Name").asText(null),
                plan.path("Index Name").asText(null)));
        for (JsonNode child : plan.path("Plans")) {
            collect(child, out);
        }
    }

    public List<String> indexes() {
        return nodes.stream().map(Node::index).filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** Every table the plan reads (for a partitioned table: the partitions left after pruning). */
    public List<String> relations() {
        return nodes.stream().map(Node::relation).filter(java.util.Objects::nonNull).distinct().sorted().toList();
    }

    public List<String> sequentialScans() {
        return nodes.stream().filter(n -> n.type().equals("Seq Scan")).map(Node::relation).toList();
    }
}
