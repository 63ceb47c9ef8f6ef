package com.patientsearch.search.patient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.patientsearch.opensearchnode.OpenSearchTestNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every patient-search case of {@link PatientSearchTest}, answered by a real OpenSearch 2.x node (started once per
 * test JVM, {@link OpenSearchTestNode}) with the same expected ids, order and scores as the Lucene index: the engines
 * differ from the SQL path in the same, documented places ({@link LucenePatientSearchTest}). The analyzer cases run
 * through the cluster's own {@code _analyze} on the created index, so they check that both backends' definitions of
 * each analyzer give the same tokens.
 */
@MicronautTest(transactional = false)
class OpenSearchPatientSearchTest extends LucenePatientSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String indexPrefix;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.remove("search.lucene.directory");
        properties.putAll(openSearch("search-test"));
        indexPrefix = properties.get("search.opensearch.index-prefix");
        return properties;
    }

    /** The engine on the shared test node, under an index prefix of its own (one index per test context). */
    static Map<String, String> openSearch(String name) {
        return Map.of(
                "search.engine", "opensearch",
                "search.opensearch.hosts", OpenSearchTestNode.shared().hostAndPort(),
                "search.opensearch.index-prefix", name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    @Override
    List<String> analyze(String analyzerName, String text) throws IOException {
        String body = JSON.writeValueAsString(JsonNodeFactory.instance.objectNode()
                .put("analyzer", analyzerName).put("text", text));
        JsonNode answer = JSON.readTree(OpenSearchTestNode.shared()
                .post("/" + indexPrefix + PatientIndexConfigurer.INDEX + "-read/_analyze", body));
        List<String> tokens = new ArrayList<>();
        answer.get("tokens").forEach(token -> tokens.add(token.get("token").asText()));
        return tokens;
    }
}
