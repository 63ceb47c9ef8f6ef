package com.patientsearch.app.security;

import com.patientsearch.persistence.scope.CallerScope;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Binds the {@link CallerScope} argument of API controllers from the verified token: sub, its one role, its clinics
 * claim, and the request id. A token without clinics may not touch patient data: 403, never "all clinics".
 */
@Singleton
class CallerScopeBinder implements TypedRequestArgumentBinder<CallerScope> {

    @Override
    public Argument<CallerScope> argumentType() {
        return Argument.of(CallerScope.class);
    }

    @Override
    public BindingResult<CallerScope> bind(ArgumentConversionContext<CallerScope> context, HttpRequest<?> source) {
        Authentication authentication = source.getUserPrincipal(Authentication.class)
                .orElseThrow(() -> new AuthorizationException(null));
        TreeSet<String> clinics = new TreeSet<>();
        if (authentication.getAttributes().get(TokenIssuer.CLINICS_CLAIM) instanceof Collection<?> claimed) {
            claimed.stream().filter(String.class::isInstance).map(String.class::cast)
                    .filter(code -> !code.isBlank()).forEach(clinics::add);
        }
        if (clinics.isEmpty()) {
            throw new NoClinicsException(authentication);
        }
        String role = authentication.getRoles().stream().findFirst().orElseThrow(() -> new AuthorizationException(authentication));
        CallerScope scope = new CallerScope(authentication.getName(), role, clinics, RequestIds.of(source));
        return () -> Optional.of(scope);
    }
}
