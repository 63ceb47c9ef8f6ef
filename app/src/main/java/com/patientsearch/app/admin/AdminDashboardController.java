package com.patientsearch.app.admin;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /admin}: one static page whose script fetches the admin JSON (no CDN: the network here is closed). */
@Controller
// The page itself holds no data and a browser cannot attach a bearer token to a navigation: it is open, and its
// script asks for an ops token and sends it with every JSON fetch (all of /api/v1/admin/** is ops-only).
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Operations")
class AdminDashboardController {

    private final String page;

    AdminDashboardController(ResourceResolver resources) {
        try (InputStream in = resources.getResourceAsStream("classpath:admin/dashboard.html")
                .orElseThrow(() -> new IllegalStateException("admin/dashboard.html is missing from the jar"))) {
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/admin")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    String dashboard() {
        return page;
    }
}
