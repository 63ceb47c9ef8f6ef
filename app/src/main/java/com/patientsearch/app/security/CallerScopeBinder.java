package com.patientsearch.app.security;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.persistence.cache.ClinicDirectory;
import com.patientsearch.persistence.scope.CallerScope;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Binds the {@link CallerScope} argument of API controllers. PLACEHOLDER until authentication lands (issue 7): every
 * clinic, an anonymous front-desk caller. The JWT-based binder replaces this class.
 */
@Singleton
class CallerScopeBinder implements TypedRequestArgumentBinder<CallerScope> {

    private final ClinicDirectory clinics;

    CallerScopeBinder(ClinicDirectory clinics) {
        this.clinics = clinics;
    }

    @Override
    public Argument<CallerScope> argumentType() {
        return Argument.of(CallerScope.class);
    }

    @Override
    public BindingResult<CallerScope> bind(ArgumentConversionContext<CallerScope> context, HttpRequest<?> source) {
        CallerScope scope = new CallerScope("anonymous", "front_desk",
                clinics.all().stream().map(Clinic::getCode).collect(Collectors.toCollection(java.util.TreeSet::new)), null);
        return () -> java.util.Optional.of(scope);
    }
}
