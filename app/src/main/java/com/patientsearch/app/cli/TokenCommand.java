package com.patientsearch.app.cli;

import com.patientsearch.app.security.JwtSecret;
import com.patientsearch.app.security.Roles;
import com.patientsearch.app.security.TokenIssuer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code token issue}: prints a signed bearer token. Runs without an application context (Application.main routes
 * it), so it needs no database: the key comes from JWT_SECRET, or from the embedded default's secret file that
 * {@code serve} also uses.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Bearer tokens for the HTTP API (docs/security.md).")
public class TokenCommand implements Runnable {

    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smhd])");

    @Spec
    CommandSpec spec;

    /** Environment lookup: System.getenv in production, a map in tests. */
    private UnaryOperator<String> environment = System::getenv;

    /** For tests: the same command reading its environment from {@code environment}. */
    public static TokenCommand withEnvironment(UnaryOperator<String> environment) {
        TokenCommand command = new TokenCommand();
        command.environment = environment;
        return command;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Print a signed token (HS256) on stdout, e.g. export TOKEN=$(java -jar patient-search.jar token issue ...).")
    int issue(@Option(names = "--user", required = true, description = "who the token is for (the audit trail's user)") String user,
              @Option(names = "--role", required = true, description = "one of: front_desk, clinician, importer, ops") String role,
              @Option(names = "--clinic", split = ",", paramLabel = "CODE",
                      description = "clinic codes the caller may see, comma-separated (required for front_desk and clinician)") List<String> clinics,
              @Option(names = "--ttl", defaultValue = "8h", description = "lifetime: <n>s|m|h|d, at most 24h (default: ${DEFAULT-VALUE})") String ttl) {
        if (!Roles.ALL.contains(role)) {
            throw new ParameterException(issueCommand(), "--role: must be one of " + String.join(", ", Roles.ALL) + " (was '" + role + "')");
        }
        List<String> codes = clinics == null ? List.of() : clinics.stream().map(String::strip).filter(c -> !c.isEmpty()).distinct().toList();
        if (codes.isEmpty() && (Roles.FRONT_DESK.equals(role) || Roles.CLINICIAN.equals(role))) {
            throw new ParameterException(issueCommand(), "--clinic: a " + role + " token needs at least one clinic code");
        }
        Duration lifetime = parseTtl(ttl);
        JwtSecret secret;
        try {
            secret = JwtSecret.resolve(setting("JWT_SECRET", "jwt.secret"),
                    setting("DATASOURCES_DEFAULT_URL", "datasources.default.url") != null, dataDirectory());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        Instant now = Instant.now();
        String token = TokenIssuer.issue(secret.key(), user.strip(), role, codes, lifetime, now);
        spec.commandLine().getOut().println(token);
        spec.commandLine().getErr().println("# " + role + " token for " + user.strip() + (codes.isEmpty() ? "" : ", clinics " + String.join(",", codes))
                + ", valid until " + now.plus(lifetime) + " (key: " + secret.source() + ")");
        return 0;
    }

    private Duration parseTtl(String ttl) {
        Matcher m = TTL.matcher(ttl.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ParameterException(issueCommand(), "--ttl: must look like 30m, 8h or 1d (was '" + ttl + "')");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(TokenIssuer.MAX_TTL) > 0) {
            throw new ParameterException(issueCommand(), "--ttl: must be more than 0 and at most 24h (was '" + ttl + "')");
        }
        return d;
    }

    /** The {@code issue} subcommand, so a usage error shows its options rather than the parent's. */
    private CommandLine issueCommand() {
        return spec.commandLine().getSubcommands().get("issue");
    }

    /** An environment variable, else the system property Micronaut would map it to, else null. */
    private String setting(String variable, String property) {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private Path dataDirectory() {
        String configured = setting("EMBEDDED_POSTGRES_DATA_DIRECTORY", "embedded-postgres.data-directory");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".patient-search", "pgdata-17");
    }
}
