package com.patientsearch.app.serve;

import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/** Tells a person who just ran the jar where to point a browser or curl. */
@Singleton
@Requires(notEnv = Environment.TEST)
class StartupBanner implements ApplicationEventListener<ServerStartupEvent> {

    private final BeanProvider<EmbeddedPostgresServer> embedded;
    // The startup event can reach a listener twice (it was seen printed twice); one banner is enough.
    private final java.util.concurrent.atomic.AtomicBoolean printed = new java.util.concurrent.atomic.AtomicBoolean();

    StartupBanner(BeanProvider<EmbeddedPostgresServer> embedded) {
        this.embedded = embedded;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!printed.compareAndSet(false, true)) {
            return;
        }
        String base = event.getSource().getURL().toString();
        StringBuilder out = new StringBuilder()
                .append("\n  patient-search is up: ").append(base).append('\n');
        embedded.ifPresent(server -> out.append("  database: embedded PostgreSQL on port ").append(server.port())
                .append(", data in ").append(server.dataDirectory()).append('\n'));
        out.append("\n  Try:\n")
                .append("    curl -s ").append(base).append("/health\n")
                .append("    curl -s '").append(base).append("/api/v1/patients/search?q=jon+smth+1980'\n")
                .append("    curl -s '").append(base).append("/api/v1/patients/search?q=garcia+jose'\n")
                .append("    curl -s '").append(base).append("/api/v1/patients/search?phone=555-555-0110'\n")
                .append("    curl -s ").append(base).append("/api/v1/patients/1\n");
        System.out.println(out);
    }
}
