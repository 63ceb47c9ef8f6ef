package com.patientsearch.search.opensearch;

import org.hibernate.search.backend.elasticsearch.client.ElasticsearchHttpClientConfigurationContext;
import org.hibernate.search.backend.elasticsearch.client.ElasticsearchHttpClientConfigurer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** HTTPS to a cluster whose certificate is in a trust store of its own (a private CA, a self-signed node). */
final class TrustStoreConfigurer implements ElasticsearchHttpClientConfigurer {

    private final SSLContext sslContext;

    TrustStoreConfigurer(Path trustStore, String type, char[] password) {
        this.sslContext = sslContext(trustStore, type, password);
    }

    @Override
    public void configure(ElasticsearchHttpClientConfigurationContext context) {
        context.clientBuilder().setSSLContext(sslContext);
    }

    static SSLContext sslContext(Path trustStore, String type, char[] password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("search.opensearch.trust-store " + trustStore + " could not be read: "
                    + e.getMessage(), e);
        }
    }
}
