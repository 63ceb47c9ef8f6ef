package com.patientsearch.search.opensearch;

import org.hibernate.search.backend.elasticsearch.ElasticsearchVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** search.opensearch.* as Hibernate Search backend settings. */
class OpenSearchBackendSettingsTest {

    @Test
    void hostsProtocolVersionAndCredentials() {
        OpenSearchProperties properties = new OpenSearchProperties();
        properties.setHosts(List.of("os1.internal:9200", "os2.internal:9200"));
        properties.setProtocol("https");
        properties.setUsername("patient_search");
        properties.setPassword("s3cret");
        properties.setVersion("opensearch:2.19");

        Map<String, Object> settings = new OpenSearchBackendSettings(properties).settings();

        assertThat(settings).containsEntry("hibernate.search.backend.type", "elasticsearch")
                .containsEntry("hibernate.search.backend.hosts", "os1.internal:9200,os2.internal:9200")
                .containsEntry("hibernate.search.backend.protocol", "https")
                .containsEntry("hibernate.search.backend.username", "patient_search")
                .containsEntry("hibernate.search.backend.password", "s3cret")
                .containsEntry("hibernate.search.backend.schema_management.settings_file", "opensearch/index-settings.json")
                .doesNotContainKey("hibernate.search.backend.client.configurer");
        ElasticsearchVersion version = (ElasticsearchVersion) settings.get("hibernate.search.backend.version");
        assertThat(version.distribution().externalRepresentation()).isEqualTo("opensearch");
        assertThat(version.majorOptional()).hasValue(2);
        assertThat(version.minor()).hasValue(19);
    }

    @Test
    void noCredentialsUnlessConfigured() {
        Map<String, Object> settings = new OpenSearchBackendSettings(new OpenSearchProperties()).settings();

        assertThat(settings).containsEntry("hibernate.search.backend.hosts", "localhost:9200")
                .containsEntry("hibernate.search.backend.protocol", "http")
                .doesNotContainKeys("hibernate.search.backend.username", "hibernate.search.backend.password");
    }

    @Test
    void indexAndAliasesUnderThePrefix() {
        PrefixedIndexLayout layout = new PrefixedIndexLayout("staging-");

        assertThat(layout.createInitialElasticsearchIndexName("patient")).isEqualTo("staging-patient-000001");
        assertThat(layout.createWriteAlias("patient")).isEqualTo("staging-patient-write");
        assertThat(layout.createReadAlias("patient")).isEqualTo("staging-patient-read");
        // Hibernate Search matches hits to its indexes through these keys: they must agree.
        assertThat(layout.extractUniqueKeyFromElasticsearchIndexName("staging-patient-000002"))
                .isEqualTo(layout.extractUniqueKeyFromHibernateSearchIndexName("patient"));
        assertThatThrownBy(() -> new PrefixedIndexLayout("Staging-")).hasMessageContaining("index-prefix");
    }

    @Test
    void aTrustStoreBecomesTheClientsSslContext(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("truststore.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=opensearch",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-validity", "1")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        OpenSearchProperties properties = new OpenSearchProperties();
        properties.setTrustStore(store.toString());
        properties.setTrustStorePassword("changeit");

        assertThat(new OpenSearchBackendSettings(properties).settings())
                .containsKey("hibernate.search.backend.client.configurer");
        assertThat(TrustStoreConfigurer.sslContext(store, "PKCS12", "changeit".toCharArray()).getProtocol())
                .isEqualTo("TLS");
        properties.setTrustStorePassword("wrong");
        assertThatThrownBy(() -> new OpenSearchBackendSettings(properties).settings())
                .hasMessageContaining("search.opensearch.trust-store");
    }
}
