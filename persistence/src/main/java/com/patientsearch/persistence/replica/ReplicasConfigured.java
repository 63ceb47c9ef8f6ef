package com.patientsearch.persistence.replica;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;

/** True when some {@code datasources.replica} / {@code datasources.replica-<n>} block has a URL. */
class ReplicasConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        if (!(context.getBeanContext() instanceof PropertyResolver properties)) {
            return false;
        }
        return properties.getPropertyEntries("datasources").stream()
                .filter(name -> name.equals("replica") || name.startsWith("replica-"))
                .anyMatch(name -> properties.containsProperty("datasources." + name + ".url"));
    }
}
