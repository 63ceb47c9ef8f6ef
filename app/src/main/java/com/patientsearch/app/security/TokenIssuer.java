package com.patientsearch.app.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints HS256 bearer tokens: iss, aud, sub, roles (one role), clinics, iat, nbf, exp, jti. Plain Nimbus rather than Micronaut's
 * generator bean, so {@code token issue} works without an application context (and so without a database).
 */
public final class TokenIssuer {

    /** Tokens longer-lived than this are refused: a leaked token should not outlive a working day. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    public static final String CLINICS_CLAIM = "clinics";
    public static final String ROLES_CLAIM = "roles";
    /** iss of every token the service accepts; an identity system fronting the service must set the same. */
    public static final String ISSUER = "patient-search";
    /** aud every accepted token must include. */
    public static final String AUDIENCE = "patient-search-api";

    private TokenIssuer() {
    }

    public static String issue(byte[] key, String user, String role, List<String> clinics, Duration ttl, Instant now) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user: must not be blank");
        }
        if (!Roles.ALL.contains(role)) {
            throw new IllegalArgumentException("role: must be one of " + String.join(", ", Roles.ALL) + " (was '" + role + "')");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl: must be more than 0 and at most " + MAX_TTL.toHours() + "h");
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(user)
                .claim(ROLES_CLAIM, List.of(role))
                .claim(CLINICS_CLAIM, List.copyOf(clinics))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the token", e);
        }
    }
}
