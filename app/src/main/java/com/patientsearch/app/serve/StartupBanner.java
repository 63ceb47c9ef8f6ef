package com.patientsearch.app.serve;

import com.patientsearch.app.security.JwtSecret;
import com.patientsearch.app.security.Roles;
import com.patientsearch.app.security.TokenIssuer;
import com.patientsearch.persistence.embedded.EmbeddedPostgresServer;
import com.patientsearch.search.clinic.ClinicDirectory;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tells a person who just ran the jar where to point a browser or curl. */
@Singleton
@Requires(notEnv = Environment.TEST)
class StartupBanner implements ApplicationEventListener<ServerStartupEvent> {

    /** The demo token's lifetime: a working session, not longer. */
    private static final Duration DEMO_TTL = Duration.ofHours(8);

    private final BeanProvider<EmbeddedPostgresServer> embedded;
    private final JwtSecret secret;
    private final ClinicDirectory clinics;
    // The startup event can reach a listener twice (it was seen printed twice); one banner is enough.
    private final java.util.concurrent.atomic.AtomicBoolean printed = new java.util.concurrent.atomic.AtomicBoolean();

    StartupBanner(BeanProvider<EmbeddedPostgresServer> embedded, JwtSecret secret, ClinicDirectory clinics) {
        this.embedded = embedded;
        this.secret = secret;
        this.clinics = clinics;
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
                .append("    curl -s ").append(base).append("/health\n");
        if (embedded.isPresent()) {
            // Only on the embedded default (demo data, a generated key): a short-lived clinician token for the demo
            // clinics, so the README's curl examples work as they are. Never printed against an external database.
            List<String> demoClinics = clinics.all().stream().map(ClinicDirectory.ClinicRef::code).sorted().toList();
            if (!demoClinics.isEmpty()) {
                String token = TokenIssuer.issue(secret.key(), "demo", Roles.CLINICIAN, demoClinics, DEMO_TTL, Instant.now());
                out.append("    # a demo clinician token for clinics ").append(String.join(",", demoClinics))
                        .append(", valid ").append(DEMO_TTL.toHours()).append("h:\n")
                        .append("    export TOKEN=").append(token).append('\n');
            }
        }
        String auth = " -H \"Authorization: Bearer $TOKEN\" ";
        out.append("    curl -s").append(auth).append('\'').append(base).append("/api/v1/patients/search?q=jon+smth+1980'\n")
                .append("    curl -s").append(auth).append('\'').append(base).append("/api/v1/patients/search?q=garcia+jose'\n")
                .append("    curl -s").append(auth).append('\'').append(base).append("/api/v1/patients/search?phone=555-555-0110'\n")
                .append("    curl -s").append(auth).append(base).append("/api/v1/patients/1\n")
                .append("    curl -s").append(auth).append('\'').append(base).append("/fhir/r4/Patient?name=garc&birthdate=ge1980'\n")
                .append("\n  API docs: ").append(base).append("/docs (OpenAPI: ").append(base).append("/openapi.yml)\n");
        System.out.println(out);
    }
}
