package com.patientsearch.app;

import com.patientsearch.app.cli.BackupCommand;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.patientsearch.app.cli.PatientSearchCommand;
import com.patientsearch.app.cli.TokenCommand;
import picocli.CommandLine;
import io.micronaut.configuration.picocli.PicocliRunner;
import io.micronaut.runtime.Micronaut;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Arrays;

@OpenAPIDefinition(
        info = @Info(title = "patient-search", version = "1",
                description = "Find patients and appointments instantly in databases of millions of patients: typo-tolerant, "
                        + "accent-insensitive name search, phone numbers in any format, keyset paging with encrypted cursors. "
                        + "Every endpoint but /health, /openapi.yml, /docs and /fhir/r4/metadata needs a bearer token "
                        + "(`token issue`, or the demo token the server prints at start); each operation lists the roles "
                        + "it accepts. Errors are application/problem+json naming the offending field. "
                        + "A FHIR R4 face of the same search lives under /fhir/r4."),
        tags = {
                @Tag(name = "Patients", description = "Search, read and write patients of the token's clinics"),
                @Tag(name = "Appointments", description = "A patient's timeline, a provider's day, a clinic's range"),
                @Tag(name = "Imports", description = "Bulk CSV import (importer role)"),
                @Tag(name = "Operations", description = "Database health, slow queries, audit trail, metrics (ops role)")})
/**
 * {@code java -jar patient-search.jar [serve]} starts the HTTP service; any other first word is a command
 * ({@code seed}, {@code import}, ...) run in a CLI context without the HTTP server.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        routeLibraryLogging();
        if (args.length == 0 || "serve".equals(args[0]) || args[0].startsWith("-D")) {
            String[] serverArgs = args.length > 0 && "serve".equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
            Micronaut.build(serverArgs)
                    .mainClass(Application.class)
                    .banner(false)
                    .start();
            return;
        }
        if ("token".equals(args[0])) {
            // No application context: issuing a token must not start (or need) the database.
            System.exit(new CommandLine(new TokenCommand()).setCommandName("patient-search token").execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if ("backup".equals(args[0])) {
            // No application context either: the service may be running on the data directory, or must not be.
            System.exit(BackupCommand.execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        int exitCode = PicocliRunner.execute(PatientSearchCommand.class, args);
        System.exit(exitCode);
    }

    /** Liquibase writes through java.util.logging and straight to stdout; send both through logback. */
    private static void routeLibraryLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (System.getProperty("liquibase.uiService") == null) {
            System.setProperty("liquibase.uiService", "LOGGER");
        }
    }
}
