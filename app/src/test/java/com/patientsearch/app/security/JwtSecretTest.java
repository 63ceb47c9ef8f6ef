package com.patientsearch.app.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the token key comes from, and when the service must refuse to start. */
class JwtSecretTest {

    @TempDir
    Path home;

    @Test
    void aConfiguredSecretIsUsedAndMustHave32Bytes() {
        JwtSecret secret = JwtSecret.resolve("0123456789abcdef0123456789abcdef", true, home.resolve("pgdata-17"));
        assertThat(secret.key()).hasSize(32);
        assertThat(secret.source()).isEqualTo("JWT_SECRET");
        assertThatThrownBy(() -> JwtSecret.resolve("short-secret", true, home.resolve("pgdata-17")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_SECRET is 12 bytes long").hasMessageContaining("at least 32 bytes");
    }

    @Test
    void anExternalDatabaseWithoutASecretIsRefused() {
        assertThatThrownBy(() -> JwtSecret.resolve(null, true, home.resolve("pgdata-17")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_SECRET is not set");
        assertThatThrownBy(() -> JwtSecret.resolve("  ", true, home.resolve("pgdata-17")))
                .hasMessageContaining("JWT_SECRET is not set");
        assertThat(home.resolve("jwt-secret")).doesNotExist();
    }

    @Test
    void theEmbeddedDefaultGeneratesAnOwnerOnlyFileOnceAndKeepsIt() throws Exception {
        JwtSecret first = JwtSecret.resolve(null, false, home.resolve("pgdata-17"));
        Path file = home.resolve("jwt-secret");
        assertThat(file).exists();
        assertThat(first.source()).isEqualTo(file.toString());
        assertThat(first.key().length).isGreaterThanOrEqualTo(JwtSecret.MIN_BYTES);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        JwtSecret again = JwtSecret.resolve(null, false, home.resolve("pgdata-17"));
        assertThat(again.key()).as("serve and token issue must agree across restarts").isEqualTo(first.key());
    }
}
