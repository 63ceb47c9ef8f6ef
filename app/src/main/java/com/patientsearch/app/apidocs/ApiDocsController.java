package com.patientsearch.app.apidocs;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /openapi.yml} (the OpenAPI 3.1 document micronaut-openapi generated at build time) and {@code GET /docs}
 * (its Swagger UI view, scripts included in the jar: no CDN). Both hold no patient data and are open like /health;
 * "Authorize" in the page takes a bearer token for "Try it out".
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Operations")
class ApiDocsController {

    static final String DOCUMENT = "META-INF/swagger/patient-search.yml";
    private static final String VIEW = "META-INF/swagger/views/swagger-ui/";
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9_-]+\\.(js|css|png)");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "png", "image/png");

    private final ResourceResolver resources;
    private final byte[] document;
    private final byte[] page;

    ApiDocsController(ResourceResolver resources) {
        this.resources = resources;
        this.document = read(DOCUMENT).orElseThrow(() -> new IllegalStateException(DOCUMENT + " is missing from the jar"));
        this.page = read(VIEW + "index.html").orElseThrow(() -> new IllegalStateException("the /docs view is missing from the jar"));
    }

    @Get("/openapi.yml")
    @Operation(summary = "This OpenAPI 3.1 document (open)")
    @ApiResponse(responseCode = "200", description = "The document", content = @Content(mediaType = "application/yaml;charset=utf-8",
            schema = @Schema(type = "string")))
    HttpResponse<byte[]> document() {
        return HttpResponse.ok(document).contentType("application/yaml;charset=utf-8");
    }

    @Get("/docs")
    @Operation(summary = "This document in Swagger UI (open; Authorize takes a bearer token for Try it out)")
    @ApiResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML + ";charset=utf-8",
            schema = @Schema(type = "string")))
    HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
    }

    /** The page's scripts and styles: plumbing of /docs, not an operation to describe. */
    @Get("/docs/res/{name}")
    @Hidden
    HttpResponse<byte[]> resource(@PathVariable String name) {
        if (!RESOURCE_NAME.matcher(name).matches()) {
            return HttpResponse.notFound();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return read(VIEW + "res/" + name)
                .<HttpResponse<byte[]>>map(bytes -> HttpResponse.ok(bytes).contentType(type))
                .orElseGet(HttpResponse::notFound);
    }

    private Optional<byte[]> read(String path) {
        Optional<InputStream> in = resources.getResourceAsStream("classpath:" + path);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            return Optional.of(stream.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
