package com.patientsearch.domain.clinic;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

import java.time.Instant;
import java.time.ZoneId;

/** A clinic: the unit of data ownership. Every patient, provider and appointment belongs to one. */
@Entity
@Table(name = "clinic")
// Reference data: every patient record and every write reads its clinic, from the cache; READ_WRITE (not
// READ_ONLY) because a clinic can be renamed.
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "clinic")
@NaturalIdCache(region = "clinic-by-code")
public class Clinic {

    /** What a clinic code may be (the column holds 32 characters): the API, the imports and the API document check it. */
    public static final String CODE_PATTERN = "[A-Za-z0-9_-]{1,32}";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** Short stable code used by front ends and imports ("NORTH"). */
    @NaturalId
    @Column(name = "code", nullable = false, length = 32, updatable = false)
    private String code;

    @Column(name = "name", nullable = false, length = 200)
    private String name;

    /** IANA zone id ("America/Chicago"): a provider's day is computed in it. */
    @Column(name = "time_zone", nullable = false, length = 64)
    private String timeZone;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Clinic() {
    }

    public Clinic(String code, String name, ZoneId timeZone) {
        this.code = code;
        this.name = name;
        this.timeZone = timeZone.getId();
    }

    public Long getId() {
        return id;
    }

    public String getCode() {
        return code;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ZoneId getTimeZone() {
        return ZoneId.of(timeZone);
    }

    public void setTimeZone(ZoneId timeZone) {
        this.timeZone = timeZone.getId();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
