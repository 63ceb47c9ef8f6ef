package com.patientsearch.search.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    public List<String> sequentialScans() {
        return nodes.stream().filter(n -> n.type().equals("Seq Scan")).map(Node::relation).toList();
    }
}
