package com.patientsearch.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/**
 * {@code /metrics} is ops-only (its controller says so) unless {@code security.metrics.public} is true, for a
 * Prometheus scraper without a token on a trusted network. Off by default, and explicitly off in prod.
 */
@Singleton
class MetricsAccessRule implements SecurityRule<HttpRequest<?>> {

    private final boolean metricsPublic;

    MetricsAccessRule(@Value("${security.metrics.public:false}") boolean metricsPublic) {
        this.metricsPublic = metricsPublic;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        boolean open = metricsPublic && request != null && "/metrics".equals(request.getPath())
                && "GET".equals(request.getMethodName());
        return Publishers.just(open ? SecurityRuleResult.ALLOWED : SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100;
    }
}
