package com.patientsearch.persistence.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;

import java.util.function.ToDoubleFunction;

/**
 * The per-region second-level cache meters hibernate-micrometer lacks, read from Hibernate's statistics when scraped:
 * {@code hibernate.cache.region.hit.ratio} and {@code hibernate.cache.region.entries} (this node's copy). Requests
 * and puts per region are hibernate-micrometer's ({@code hibernate.second.level.cache.requests{region,result}},
 * {@code hibernate.second.level.cache.puts{region}}); the query cache's are its {@code hibernate.cache.query.*}.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
@Requires(property = "cache.enabled", notEquals = "false")
class CacheRegionMetrics implements BeanCreatedEventListener<EntityManagerFactory> {

    private final BeanProvider<MeterRegistry> registry;

    CacheRegionMetrics(BeanProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public EntityManagerFactory onCreated(BeanCreatedEvent<EntityManagerFactory> event) {
        EntityManagerFactory factory = event.getBean();
        bind(factory.unwrap(SessionFactory.class).getStatistics(), registry.get());
        return factory;
    }

    static void bind(Statistics statistics, MeterRegistry registry) {
        for (String region : statistics.getSecondLevelCacheRegionNames()) {
            Tags tags = Tags.of("region", region);
            Gauge.builder("hibernate.cache.region.hit.ratio", statistics, s -> hitRatio(s.getCacheRegionStatistics(region)))
                    .tags(tags).description("hits / (hits + misses) since start; NaN before the first read")
                    .register(registry);
            Gauge.builder("hibernate.cache.region.entries", statistics,
                            s -> value(s.getCacheRegionStatistics(region), CacheRegionStatistics::getElementCountInMemory))
                    .tags(tags).description("Entries this node holds in the region").register(registry);
        }
    }

    static double hitRatio(CacheRegionStatistics region) {
        if (region == null) {
            return Double.NaN;
        }
        long reads = region.getHitCount() + region.getMissCount();
        return reads == 0 ? Double.NaN : (double) region.getHitCount() / reads;
    }

    private static double value(CacheRegionStatistics region, ToDoubleFunction<CacheRegionStatistics> read) {
        // Element counts are negative when a cache cannot tell; report them as unknown.
        if (region == null) {
            return Double.NaN;
        }
        double value = read.applyAsDouble(region);
        return value < 0 ? Double.NaN : value;
    }
}
