package com.patientsearch.persistence.hibernate;

import io.micronaut.configuration.hibernate.jpa.JpaConfiguration;
import io.micronaut.configuration.hibernate.jpa.conf.settings.SettingsSupplier;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hibernate settings every environment shares, so the app, the CLI and every test context run the same ORM.
 * A key set under {@code jpa.default.properties} in configuration wins over these defaults.
 */
@Singleton
class HibernateDefaults implements SettingsSupplier {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            // Liquibase owns the schema: Hibernate only checks that the mapping matches it.
            Map.entry("hibernate.hbm2ddl.auto", "validate"),
            Map.entry("hibernate.generate_statistics", "true"),
            // Paging over a fetch-joined collection would page in memory: fail instead (page ids, then fetch).
            Map.entry("hibernate.query.fail_on_pagination_over_collection_fetch", "true"),
            Map.entry("hibernate.query.in_clause_parameter_padding", "true"),
            Map.entry("hibernate.default_batch_fetch_size", "32"),
            Map.entry("hibernate.jdbc.batch_size", "50"),
            Map.entry("hibernate.order_inserts", "true"),
            Map.entry("hibernate.order_updates", "true"),
            Map.entry("hibernate.jdbc.time_zone", "UTC"),
            Map.entry("hibernate.connection.provider_disables_autocommit", "false"));

    @Override
    public Map<String, Object> supply(JpaConfiguration jpaConfiguration) {
        Map<String, Object> configured = jpaConfiguration.getProperties();
        Map<String, Object> missing = new LinkedHashMap<>();
        DEFAULTS.forEach((key, value) -> {
            if (!configured.containsKey(key)) {
                missing.put(key, value);
            }
        });
        return missing;
    }
}
