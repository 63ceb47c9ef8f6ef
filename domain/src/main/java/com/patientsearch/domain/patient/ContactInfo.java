package com.patientsearch.domain.patient;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

/**
 * A phone number and/or e-mail address of a patient. {@code phone_digits} is a generated column (the digits of
 * {@code phone}), so every writer, including COPY and SQL run by hand, keeps it right.
 */
@Entity
@Table(name = "contact_info")
// The patient's collection cache holds only ids: the elements must be cached too, or a cached collection loads them.
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "contact-info")
public class ContactInfo {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_id", nullable = false, updatable = false)
    private Patient patient;

    @Convert(converter = ContactKind.Converter.class)
    @Column(name = "kind", nullable = false, length = 16)
    private ContactKind kind;

    @Column(name = "phone", length = 40)
    private String phone;

    @Generated(event = {EventType.INSERT, EventType.UPDATE})
    @Column(name = "phone_digits", length = 40, insertable = false, updatable = false)
    private String phoneDigits;

    @Column(name = "email", length = 254)
    private String email;

    @Column(name = "is_primary", nullable = false)
    private boolean primary;

    protected ContactInfo() {
    }

    public ContactInfo(ContactKind kind, String phone, String email, boolean primary) {
        if (phone == null && email == null) {
            throw new IllegalArgumentException("a contact needs a phone or an e-mail address");
        }
        this.kind = kind;
        this.phone = phone;
        this.email = email;
        this.primary = primary;
    }

    void attachTo(Patient patient) {
        this.patient = patient;
    }

    public Long getId() {
        return id;
    }

    public Patient getPatient() {
        return patient;
    }

    public ContactKind getKind() {
        return kind;
    }

    public String getPhone() {
        return phone;
    }

    public String getPhoneDigits() {
        return phoneDigits;
    }

    public String getEmail() {
        return email;
    }

    public boolean isPrimary() {
        return primary;
    }
}
