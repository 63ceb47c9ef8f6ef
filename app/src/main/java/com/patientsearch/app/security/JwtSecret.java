package com.patientsearch.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The HS256 key that signs and verifies bearer tokens. From {@code JWT_SECRET} when set (at least 32 bytes). Without
 * it, only the embedded default may go on: a random secret is kept in a 0600 file beside the embedded data directory,
 * so {@code serve} and {@code token issue} agree across restarts; an external database without {@code JWT_SECRET} is
 * refused, because a production secret must come from the environment, never from a file the service made up.
 */
public final class JwtSecret {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_BYTES = 32;
    static final String FILE_NAME = "jwt-secret";

    private final byte[] key;
    private final String source;

    private JwtSecret(byte[] key, String source) {
        this.key = key;
        this.source = source;
    }

    /**
     * @param configured       JWT_SECRET (or the {@code jwt.secret} property); null or blank when unset
     * @param externalDatabase whether DATASOURCES_DEFAULT_URL names a database (the embedded one is then not used)
     * @param dataDirectory    the embedded database's data directory; the secret file goes beside it
     */
    public static JwtSecret resolve(String configured, boolean externalDatabase, Path dataDirectory) {
        if (configured != null && !configured.isBlank()) {
            return new JwtSecret(checked(configured, "JWT_SECRET"), "JWT_SECRET");
        }
        if (externalDatabase) {
            throw new IllegalStateException("JWT_SECRET is not set. With an external database (DATASOURCES_DEFAULT_URL)"
                    + " the token signing secret must come from the environment: set JWT_SECRET to at least "
                    + MIN_BYTES + " random bytes, e.g. JWT_SECRET=$(openssl rand -base64 48)");
        }
        Path file = secretFile(dataDirectory);
        return new JwtSecret(checked(readOrCreate(file), file.toString()), file.toString());
    }

    /** Where the embedded default keeps its generated secret: {@code ~/.patient-search/jwt-secret} by default. */
    public static Path secretFile(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath();
        Path parent = absolute.getParent() != null ? absolute.getParent() : absolute;
        return parent.resolve(FILE_NAME);
    }

    /** The key bytes: the secret's UTF-8 bytes, as Micronaut's secret signature uses them. */
    public byte[] key() {
        return key.clone();
    }

    String keyAsString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** Where the secret came from (an environment variable's name or the file's path; never the secret). */
    public String source() {
        return source;
    }

    private static byte[] checked(String secret, String origin) {
        byte[] bytes = secret.strip().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_BYTES) {
            throw new IllegalStateException(origin + " is " + bytes.length + " bytes long; HS256 token signing needs at least "
                    + MIN_BYTES + " bytes (e.g. JWT_SECRET=$(openssl rand -base64 48))");
        }
        return bytes;
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                // Created with owner-only permissions from the start, never widened afterwards; CREATE_NEW: a racing
                // second process (serve and token issue at once) reads the first one's file instead.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the token signing secret " + file
                    + " (set JWT_SECRET instead)", e);
        }
    }
}
