package com.patientsearch.perf.load;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PoolSamplerTest {

    @Test
    void cacheHitRatioPerRegionIsTheLevelsDelta() {
        Map<String, Double> first = PoolSampler.parse("""
                # HELP hibernate_second_level_cache_requests_total The number of cacheable entities/collections successfully retrieved from the cache
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="patient",result="hit"} 100.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="patient",result="miss"} 50.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="provider",result="hit"} 0.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="provider",result="miss"} 0.0
                """);
        Map<String, Double> last = PoolSampler.parse("""
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="patient",result="hit"} 190.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="patient",result="miss"} 60.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="provider",result="hit"} 0.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="provider",result="miss"} 0.0
                hibernate_second_level_cache_requests_total{entity_manager_factory="default",region="clinic",result="hit"} 4.0
                """);
        // patient: 90 hits of 100 reads during the level; provider: not read; clinic: appeared with 4 hits
        assertThat(PoolSampler.cacheHitRatio(first, last)).containsExactly(Map.entry("clinic", 1.0), Map.entry("patient", 0.9));
    }
}
