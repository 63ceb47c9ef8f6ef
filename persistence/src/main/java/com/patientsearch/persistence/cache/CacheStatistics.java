package com.patientsearch.persistence.cache;

import jakarta.inject.Singleton;
import org.hibernate.SessionFactory;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A snapshot of every second-level cache region on this node, for the admin API. */
@Singleton
public class CacheStatistics {

    /** One region's counters since start; {@code hitRatio} is NaN before the first read, {@code entries} -1 if unknown. */
    public record Region(String name, long hits, long misses, long puts, double hitRatio, long entries) {
    }

    private final SessionFactory sessionFactory;

    CacheStatistics(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public List<Region> regions() {
        Statistics statistics = sessionFactory.getStatistics();
        return Arrays.stream(statistics.getSecondLevelCacheRegionNames())
                .sorted()
                .map(name -> {
                    CacheRegionStatistics region = statistics.getCacheRegionStatistics(name);
                    return region == null ? null : new Region(name, region.getHitCount(), region.getMissCount(),
                            region.getPutCount(), CacheRegionMetrics.hitRatio(region), region.getElementCountInMemory());
                })
                .filter(Objects::nonNull)
                .toList();
    }
}
