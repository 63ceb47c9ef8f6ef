package com.patientsearch.search.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The plan PostgreSQL chooses for a statement with its real bind values, flattened to its nodes. */
public record QueryPlan(List<Node> nodes, String json) {

    public record Node(String type, String relation, String index) {
    }

    /**
     * @param arrays turns list-valued binds (text[]) into SQL arrays; other values are bound with setObject
     */
    public static QueryPlan explain(Connection connection, String sql, List<Object> binds,
                                    Function<Object, List<String>> arrays) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            int i = 1;
            for (Object bind : binds) {
                List<String> array = arrays.apply(bind);
                if (array != null) {
                    Array sqlArray = connection.createArrayOf("text", array.toArray());
                    statement.setArray(i++, sqlArray);
                } else {
                    statement.setObject(i++, bind);
                }
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
