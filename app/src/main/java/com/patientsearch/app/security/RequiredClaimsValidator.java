package com.patientsearch.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Micronaut checks exp only when present; our tokens must carry it (a token without expiry never dies), plus
 * iat, a subject and exactly one known role.
 */
@Singleton
class RequiredClaimsValidator<T> implements GenericJwtClaimsValidator<T> {

    @Override
    public boolean validate(Claims claims, @Nullable T request) {
        if (!claims.contains(Claims.EXPIRATION_TIME) || !claims.contains(Claims.ISSUED_AT) || claims.get(Claims.SUBJECT) == null) {
            return false;
        }
        return claims.get(TokenIssuer.ROLES_CLAIM) instanceof List<?> roles
                && roles.size() == 1 && Roles.ALL.contains(String.valueOf(roles.get(0)));
    }
}
