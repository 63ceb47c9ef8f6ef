package com.patientsearch.search.opensearch;

import com.patientsearch.opensearchnode.OpenSearchTestNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture itself: a green OpenSearch 2.x node with the analysis the index's analyzers are built from. */
class OpenSearchTestNodeTest {

    private final OpenSearchTestNode node = OpenSearchTestNode.shared();

    @Test
    void aGreenOpenSearch2NodeOnLoopback() {
        assertThat(node.hostAndPort()).startsWith("127.0.0.1:");
        assertThat(node.get("/")).contains("\"distribution\" : \"opensearch\"").contains("\"number\" : \"2.");
        assertThat(node.get("/_cluster/health")).contains("\"status\":\"green\"");
    }

    @Test
    void analysisCommonIsLoaded() {
        // asciifolding and edge_ngram come from analysis-common: without it both are unknown filter types.
        String tokens = node.post("/_analyze", """
                {"tokenizer": "standard",
                 "filter": ["lowercase", "asciifolding", {"type": "edge_ngram", "min_gram": 1, "max_gram": 3}],
                 "text": "Núñez"}""");
        assertThat(tokens).contains("\"token\":\"n\"", "\"token\":\"nu\"", "\"token\":\"nun\"")
                .doesNotContain("ñ");
    }

    @Test
    void phoneticFilterAsTheAnalysisPhoneticPluginNamesIt() {
        String kathryn = node.post("/_analyze", """
                {"tokenizer": "standard", "filter": ["lowercase", {"type": "phonetic", "encoder": "double_metaphone"}],
                 "text": "Kathryn"}""");
        String catherine = node.post("/_analyze", """
                {"tokenizer": "standard", "filter": ["lowercase", {"type": "phonetic", "encoder": "double_metaphone"}],
                 "text": "Catherine"}""");
        assertThat(kathryn).contains("\"token\":\"K0RN\"");
        assertThat(catherine).contains("\"token\":\"K0RN\"");
    }
}
