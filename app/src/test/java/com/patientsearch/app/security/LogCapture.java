package com.patientsearch.app.security;

import org.awaitility.Awaitility;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Captures everything logged while an action runs, under the shipped logback.xml with every logger verbose. */
public final class LogCapture {

    private LogCapture() {
    }

    /**
     * Runs {@code action} under the shipped logback.xml (not logback-test.xml) with root at DEBUG, com.patientsearch
     * at TRACE and org.hibernate.SQL at DEBUG, every event written to a buffer; then restores the test configuration.
     */
    static String everything(ThrowingRunnable action) throws Exception {
        return capture(action, true);
    }

    /** The same under the shipped levels (root INFO): what a production log holds. */
    static String shipped(ThrowingRunnable action) throws Exception {
        return capture(action, false);
    }

    private static String capture(ThrowingRunnable action, boolean verbose) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(context, "/logback.xml");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%level %logger - %msg %mdc%n%ex");
            encoder.start();
            OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
            appender.setContext(context);
            appender.setEncoder(encoder);
            appender.setOutputStream(buffer);
            appender.start();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
            if (verbose) {
                root.setLevel(Level.DEBUG);
                context.getLogger("com.patientsearch").setLevel(Level.TRACE);
                context.getLogger("org.hibernate.SQL").setLevel(Level.DEBUG);
            }
            action.run();
            awaitQuiet(buffer); // statements logged after the response: slow-query plan captures, audit batches
        } finally {
            configure(context, "/logback-test.xml");
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void configure(LoggerContext context, String resource) throws Exception {
        URL config = LogCapture.class.getResource(resource);
        assertThat(config).as(resource).isNotNull();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits until nothing more has been logged for three polls in a row (the background writers are done). */
    private static void awaitQuiet(ByteArrayOutputStream buffer) {
        int[] quietPolls = {0};
        int[] lastSize = {-1};
        Awaitility.await("the log falls quiet").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    int size = buffer.size();
                    quietPolls[0] = size == lastSize[0] ? quietPolls[0] + 1 : 0;
                    lastSize[0] = size;
                    return quietPolls[0] >= 3;
                });
    }
}
