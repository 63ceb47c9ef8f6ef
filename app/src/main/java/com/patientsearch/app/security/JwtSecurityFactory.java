package com.patientsearch.app.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.patientsearch.persistence.embedded.EmbeddedPostgresProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token key and the signature Micronaut Security verifies bearer tokens with. Eager ({@code @Context}) in the
 * server, so a missing or short secret stops the start with its message instead of failing the first request;
 * command-line contexts ({@code seed}, {@code import}) serve no HTTP and need no secret.
 */
@Factory
@Requires(notEnv = Environment.CLI)
class JwtSecurityFactory {

    private static final Logger LOG = LoggerFactory.getLogger(JwtSecurityFactory.class);

    @Context
    @Singleton
    JwtSecret jwtSecret(@Nullable @Value("${jwt.secret:}") String configured,
                        @Nullable @Value("${datasources.default.url:}") String databaseUrl,
                        EmbeddedPostgresProperties embedded) {
        JwtSecret secret = JwtSecret.resolve(configured, databaseUrl != null && !databaseUrl.isBlank(), embedded.getDataDirectory());
        LOG.info("Bearer tokens: HS256, key from {}", secret.source());
        return secret;
    }

    @Singleton
    @Named("generator")
    SignatureGeneratorConfiguration signature(JwtSecret secret) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("generator");
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        configuration.setSecret(secret.keyAsString());
        configuration.setBase64(false);
        return new HS256Only(configuration);
    }

    /**
     * Micronaut's secret signature verifies any HMAC algorithm with its key (HS384, HS512 too): pinned to HS256, so
     * a token cannot pick its algorithm.
     */
    static final class HS256Only extends SecretSignature {

        HS256Only(SecretSignatureConfiguration configuration) {
            super(configuration);
        }

        @Override
        public boolean supports(JWSAlgorithm algorithm) {
            return JWSAlgorithm.HS256.equals(algorithm);
        }

        @Override
        public boolean verify(com.nimbusds.jwt.SignedJWT jwt) throws com.nimbusds.jose.JOSEException {
            return supports(jwt.getHeader().getAlgorithm()) && super.verify(jwt);
        }
    }
}
