package com.patientsearch.app.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

/**
 * Says why a request was not authenticated, for the 401's detail. Micronaut only reports "no authentication"; this
 * re-examines the bearer token (only on the failure path). The reason never quotes the token.
 */
@Singleton
@Requires(notEnv = Environment.CLI)
public class TokenDiagnosis {

    private final JwtSecret secret;

    TokenDiagnosis(JwtSecret secret) {
        this.secret = secret;
    }

    public String why(HttpRequest<?> request) {
        String header = request.getHeaders().getAuthorization().orElse(null);
        if (header == null || header.isBlank()) {
            return "no bearer token: send 'Authorization: Bearer <token>'";
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "the Authorization header is not a Bearer token";
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(header.substring(7).trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            return "the bearer token is malformed (not a signed JWT)";
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return "the token's signing algorithm is not accepted (HS256 only)";
        }
        try {
            if (!jwt.verify(new MACVerifier(secret.key()))) {
                return "the token's signature does not verify: it was not issued by this service";
            }
        } catch (JOSEException e) {
            return "the token's signature does not verify: it was not issued by this service";
        }
        Date expiry = claims.getExpirationTime();
        if (expiry != null && !expiry.toInstant().isAfter(Instant.now())) {
            return "the token expired at " + expiry.toInstant();
        }
        String violation = RequiredClaimsValidator.violation(claims::getClaim, Instant.now());
        return violation != null ? violation : "the token was not accepted";
    }
}
