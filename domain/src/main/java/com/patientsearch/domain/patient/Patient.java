package com.patientsearch.domain.patient;

import com.patientsearch.domain.clinic.Clinic;
import jakarta.persistence.Cacheable;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedAttributeNode;
import jakarta.persistence.NamedEntityGraph;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A patient of one clinic, identified there by its medical record number. Contacts and addresses are owned
 * children (Sets, so a record can fetch-join both without a cartesian bag).
 */
@Entity
@Table(name = "patient")
// What a record shows and a write changes, loaded by id through the graph: a second-level cache hit serves all of it,
// a miss fetches it in one statement (both collections are Sets, so joining both makes no cartesian bag).
@NamedEntityGraph(name = Patient.RECORD_GRAPH, attributeNodes = {
        @NamedAttributeNode("clinic"), @NamedAttributeNode("contacts"), @NamedAttributeNode("addresses")})
// READ_WRITE: updates evict/refresh under a soft lock. TRANSACTIONAL would need JTA, which this app does not run.
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "patient")
public class Patient {

    /** The entity graph of a patient's record: clinic, contacts, addresses. */
    public static final String RECORD_GRAPH = "Patient.record";
    /** The earliest date of birth searches, writes and imports accept: an earlier one is a typing error. */
    public static final LocalDate OLDEST_DATE_OF_BIRTH = LocalDate.of(1880, 1, 1);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "clinic_id", nullable = false, updatable = false)
    private Clinic clinic;

    @Column(name = "mrn", nullable = false, length = 64, updatable = false)
    private String mrn;

    @Column(name = "first_name", nullable = false, length = 100)
    private String firstName;

    @Column(name = "middle_name", length = 100)
    private String middleName;

    @Column(name = "last_name", nullable = false, length = 100)
    private String lastName;

    @Column(name = "date_of_birth", nullable = false)
    private LocalDate dateOfBirth;

    @Convert(converter = Gender.Converter.class)
    @Column(name = "gender", nullable = false, length = 16)
    private Gender gender;

    @Convert(converter = PatientStatus.Converter.class)
    @Column(name = "status", nullable = false, length = 16)
    private PatientStatus status = PatientStatus.ACTIVE;

    /** The surviving record once this one was merged into it; may be absent for imported merged patients. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "merged_into_id")
    private Patient mergedInto;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "patient-contacts")
    private Set<ContactInfo> contacts = new LinkedHashSet<>();

    @OneToMany(mappedBy = "patient", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "patient-addresses")
    private Set<Address> addresses = new LinkedHashSet<>();

    protected Patient() {
    }

    public Patient(Clinic clinic, String mrn, String firstName, String middleName, String lastName,
                   LocalDate dateOfBirth, Gender gender) {
        this.clinic = Objects.requireNonNull(clinic, "clinic");
        this.mrn = Objects.requireNonNull(mrn, "mrn");
        this.firstName = firstName;
        this.middleName = middleName;
        this.lastName = lastName;
        this.dateOfBirth = dateOfBirth;
        this.gender = gender;
    }

    public Long getId() {
        return id;
    }

    public Clinic getClinic() {
        return clinic;
    }

    public String getMrn() {
        return mrn;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getMiddleName() {
        return middleName;
    }

    public String getLastName() {
        return lastName;
    }

    public void rename(String firstName, String middleName, String lastName) {
        this.firstName = firstName;
        this.middleName = middleName;
        this.lastName = lastName;
    }

    public LocalDate getDateOfBirth() {
        return dateOfBirth;
    }

    public void setDateOfBirth(LocalDate dateOfBirth) {
        this.dateOfBirth = dateOfBirth;
    }

    public Gender getGender() {
        return gender;
    }

    public void setGender(Gender gender) {
        this.gender = gender;
    }

    public PatientStatus getStatus() {
        return status;
    }

    public void setStatus(PatientStatus status) {
        if (status == PatientStatus.MERGED && this.status != PatientStatus.MERGED) {
            throw new IllegalStateException("use mergeInto to merge a patient");
        }
        this.status = status;
    }

    public Patient getMergedInto() {
        return mergedInto;
    }

    /** Marks this record merged into {@code survivor}; the survivor keeps its own data. */
    public void mergeInto(Patient survivor) {
        if (survivor == this || Objects.equals(survivor.getId(), id)) {
            throw new IllegalArgumentException("a patient cannot be merged into itself");
        }
        if (survivor.getStatus() == PatientStatus.MERGED) {
            throw new IllegalArgumentException("the survivor is itself merged");
        }
        if (!Objects.equals(survivor.getClinic().getId(), clinic.getId())) {
            throw new IllegalArgumentException("the survivor belongs to another clinic");
        }
        this.status = PatientStatus.MERGED;
        this.mergedInto = survivor;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

    public Set<ContactInfo> getContacts() {
        return Collections.unmodifiableSet(contacts);
    }

    public void addContact(ContactInfo contact) {
        contact.attachTo(this);
        contacts.add(contact);
    }

    public void clearContacts() {
        contacts.clear();
    }

    public Set<Address> getAddresses() {
        return Collections.unmodifiableSet(addresses);
    }

    public void addAddress(Address address) {
        address.attachTo(this);
        addresses.add(address);
    }

    public void clearAddresses() {
        addresses.clear();
    }
}
