package com.patientsearch.persistence.cache;

import org.hibernate.service.ServiceRegistry;
import org.infinispan.commons.util.FileLookupFactory;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.configuration.parsing.ParserRegistry;
import org.infinispan.hibernate.cache.v62.InfinispanRegionFactory;
import org.infinispan.jboss.marshalling.core.JBossUserMarshaller;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Properties;

/**
 * Infinispan's region factory, reading its XML with {@code ${cache.*}} placeholders filled from Micronaut
 * configuration instead of JVM system properties: two app contexts in one JVM (the clustering test) can then bind
 * different ports, and nothing global is touched. One instance per SessionFactory.
 */
class ConfiguredInfinispanRegionFactory extends InfinispanRegionFactory {

    private final String resource;
    private final Properties placeholders;

    ConfiguredInfinispanRegionFactory(String resource, Properties placeholders) {
        this.resource = resource;
        this.placeholders = placeholders;
    }

    @Override
    protected EmbeddedCacheManager createCacheManager(Properties properties, ServiceRegistry serviceRegistry) {
        ClassLoader classLoader = ConfiguredInfinispanRegionFactory.class.getClassLoader();
        Properties values = new Properties();
        values.putAll(System.getProperties());
        values.putAll(placeholders);
        try {
            URL xml = FileLookupFactory.newInstance().lookupFileLocation(resource, classLoader);
            if (xml == null) {
                throw new IOException("not found on the classpath");
            }
            ConfigurationBuilderHolder holder = new ParserRegistry(classLoader, false, values).parse(xml);
            holder.getGlobalConfigurationBuilder().classLoader(classLoader);
            // Same marshaller as Infinispan's own provider: Hibernate's cache keys travel in invalidation commands.
            holder.getGlobalConfigurationBuilder().serialization().marshaller(new JBossUserMarshaller());
            return new DefaultCacheManager(holder, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Infinispan configuration " + resource, e);
        }
    }
}
