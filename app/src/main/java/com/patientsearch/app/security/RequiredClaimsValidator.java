package com.patientsearch.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

/**
 * The claims a token must carry beyond a valid signature (Micronaut checks exp only when present and nothing else):
 * exp, iat, sub, exactly one known role, our issuer and audience; a not-before in the future is refused, and so is a
 * lifetime over {@link TokenIssuer#MAX_TTL}, whoever issued the token (the command line's cap is only a courtesy).
 * {@link TokenDiagnosis} tells the caller which rule failed, from the same {@link #violation}.
 */
@Singleton
class RequiredClaimsValidator<T> implements GenericJwtClaimsValidator<T> {

    /** Clocks of issuer and server may differ this much (nbf, iat). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    @Override
    public boolean validate(Claims claims, @Nullable T request) {
        return violation(claims::get, Instant.now()) == null;
    }

    /** Why the claims are not acceptable, or null when they are; {@code claim} looks a claim up by name. */
    static String violation(Function<String, Object> claim, Instant now) {
        Instant expiry = instant(claim.apply(Claims.EXPIRATION_TIME));
        Instant issued = instant(claim.apply(Claims.ISSUED_AT));
        Instant notBefore = instant(claim.apply(Claims.NOT_BEFORE));
        if (expiry == null) {
            return "the token has no expiry (exp)";
        }
        if (!TokenIssuer.ISSUER.equals(claim.apply(Claims.ISSUER))) {
            return "the token's issuer (iss) is not " + TokenIssuer.ISSUER;
        }
        Object audience = claim.apply(Claims.AUDIENCE);
        boolean ours = audience instanceof Collection<?> list ? list.contains(TokenIssuer.AUDIENCE)
                : TokenIssuer.AUDIENCE.equals(audience);
        if (!ours) {
            return "the token's audience (aud) does not include " + TokenIssuer.AUDIENCE;
        }
        if (issued == null || issued.isAfter(now.plus(CLOCK_SKEW))) {
            return "the token has no issue time (iat), or one in the future";
        }
        if (notBefore != null && notBefore.isAfter(now.plus(CLOCK_SKEW))) {
            return "the token is not valid before " + notBefore;
        }
        if (Duration.between(issued, expiry).compareTo(TokenIssuer.MAX_TTL) > 0) {
            return "the token's lifetime (exp - iat) is over " + TokenIssuer.MAX_TTL.toHours() + "h";
        }
        Object subject = claim.apply(Claims.SUBJECT);
        if (subject == null || subject.toString().isBlank() || !(claim.apply(TokenIssuer.ROLES_CLAIM) instanceof List<?> roles)
                || roles.size() != 1 || !Roles.ALL.contains(String.valueOf(roles.get(0)))) {
            return "the token lacks a required claim (sub, or exactly one known role)";
        }
        return null;
    }

    private static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return null;
    }
}
