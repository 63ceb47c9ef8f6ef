package com.patientsearch.persistence.cache;

import io.micronaut.configuration.hibernate.jpa.JpaConfiguration;
import io.micronaut.configuration.hibernate.jpa.conf.settings.SettingsSupplier;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Second-level cache settings for every SessionFactory, from {@link CacheProperties}. Like {@code HibernateDefaults},
 * a key set under {@code jpa.default.properties} wins.
 */
@Singleton
class CacheSettings implements SettingsSupplier {

    static final String PREFIX = "hibernate.cache.infinispan.";
    /** Regions with a cache of their own name in both Infinispan files (Infinispan uses it only when told to). */
    static final List<String> NAMED_REGIONS = List.of("clinic", "clinic-by-code", "provider", "patient",
            "patient-contacts", "patient-addresses", "contact-info", "address");

    private final CacheProperties cache;
    private final List<CacheRegionProperties> regions;

    CacheSettings(CacheProperties cache, List<CacheRegionProperties> regions) {
        this.cache = cache;
        this.regions = regions;
    }

    @Override
    public Map<String, Object> supply(JpaConfiguration jpaConfiguration) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (!cache.isEnabled()) {
            settings.put("hibernate.cache.use_second_level_cache", "false");
            settings.put("hibernate.cache.use_query_cache", "false");
        } else {
            settings.put("hibernate.cache.use_second_level_cache", "true");
            settings.put("hibernate.cache.use_query_cache", String.valueOf(cache.isQueryCache()));
            // A fresh factory per SessionFactory: each owns (and closes) its cache manager.
            settings.put("hibernate.cache.region.factory_class",
                    new ConfiguredInfinispanRegionFactory(cache.configResource(), placeholders()));
            settings.put(PREFIX + "cfg", cache.configResource());
            NAMED_REGIONS.forEach(region -> settings.put(PREFIX + region + ".cfg", region));
            for (CacheRegionProperties region : regions) {
                region.getMaxEntries().ifPresent(size -> settings.put(PREFIX + region.getName() + ".memory.size", String.valueOf(size)));
                region.getMaxIdle().ifPresent(idle -> settings.put(PREFIX + region.getName() + ".expiration.max_idle", String.valueOf(idle.toMillis())));
                region.getLifespan().ifPresent(life -> settings.put(PREFIX + region.getName() + ".expiration.lifespan", String.valueOf(life.toMillis())));
            }
        }
        Map<String, Object> configured = jpaConfiguration.getProperties();
        settings.keySet().removeIf(configured::containsKey);
        return settings;
    }

    private Properties placeholders() {
        Properties values = new Properties();
        values.setProperty("cache.cluster-name", cache.getClusterName());
        values.setProperty("cache.bind-address", cache.getBindAddress());
        values.setProperty("cache.bind-port", String.valueOf(cache.getBindPort()));
        values.setProperty("cache.port-range", String.valueOf(cache.getPortRange()));
        values.setProperty("cache.initial-hosts", cache.getInitialHosts());
        return values;
    }
}
