package com.patientsearch.app;

import com.patientsearch.app.cli.BackupCommand;
import com.patientsearch.app.cli.PatientSearchCommand;
import com.patientsearch.app.cli.TokenCommand;
import picocli.CommandLine;
import io.micronaut.configuration.picocli.PicocliRunner;
import io.micronaut.runtime.Micronaut;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.Arrays;

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
