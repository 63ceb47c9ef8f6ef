package com.patientsearch.app.serve;

import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controllers that block on JDBC must not run on Netty's event loop (one thread per core): there they capped the
 * statements in flight at the core count whatever the pool size, and a slow query stalled every connection on
 * its loop (micronaut.server.thread-selection in application.yml).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestThreadsTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestPostgres.get().micronautProperties("request_threads"));
        properties.put("test.thread-probe", "true");
        return properties;
    }

    @Test
    void blockingControllersRunOnTheBlockingExecutor() {
        String thread = client.toBlocking().retrieve(HttpRequest.GET("/test-threads"), String.class);
        assertThat(thread).doesNotContainIgnoringCase("eventLoop").doesNotContainIgnoringCase("nioEventLoop");
    }
}
