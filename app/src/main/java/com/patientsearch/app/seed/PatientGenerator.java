package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.CopyText;

import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates patients with their contacts, addresses and appointments, chunk by chunk, from one random source: the
 * same seed, pools, clinics and dates give the same rows. Patient ids come from a block reserved beforehand, so
 * children and merge targets can point at them without a round trip.
 */
final class PatientGenerator {

    static final int CHUNK = 5_000;

    /** Age bands of ten years (the last one 90-100) and their share of patients: skewed young to middle-aged. */
    private static final double[] AGE_BANDS = {12, 12, 13, 13, 13, 13, 12, 8, 3.5, 0.5};
    private static final String[] EMAIL_DOMAINS = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com",
            "outlook.com", "hotmail.com", "icloud.com", "aol.com", "comcast.net", "proton.me"};
    private static final String[] REASONS = {"Annual physical", "Follow-up visit", "Well-child check",
            "Flu-like symptoms", "Blood pressure check", "Diabetes follow-up", "Vaccination", "Lab results review",
            "Back pain", "Medication refill", "Skin rash", "Sore throat", "New patient visit", "Prenatal visit",
            "Ear pain", "Anxiety follow-up", "Sports physical", "Headache"};
    private static final int[] DURATIONS = {15, 15, 20, 20, 30, 30, 30, 30, 45, 60};
    private static final int PAST_DAYS = 3 * 365;
    private static final int FUTURE_DAYS = 120;

    private final SeedPools pools;
    private final SplittableRandom random;
    private final List<ClinicSite> clinics;
    private final double[] clinicWeights;
    private final long firstId;
    private final long total;
    private final LocalDate asOf;
    private final Instant now;
    /** Per clinic, the latest active patient: the survivor a merged record points at. */
    private final long[] lastActive;
    private long generated;

    PatientGenerator(SeedPools pools, SplittableRandom random, List<ClinicSite> clinics, double[] clinicWeights,
                     long firstId, long total, LocalDate asOf, Instant now) {
        this.pools = pools;
        this.random = random;
        this.clinics = clinics;
        this.clinicWeights = clinicWeights;
        this.firstId = firstId;
        this.total = total;
        this.asOf = asOf;
        this.now = now;
        this.lastActive = new long[clinics.size()];
    }

    /** The next chunk, or null when all patients are generated. */
    SeedChunk next() {
        int count = (int) Math.min(CHUNK, total - generated);
        if (count <= 0) {
            return null;
        }
        Rows rows = new Rows(count);
        for (int i = 0; i < count; i++) {
            patient(firstId + generated + i, rows);
        }
        generated += count;
        return new SeedChunk(count, rows.patients.toBytes(), rows.contactCount, rows.contacts.toBytes(),
                rows.addressCount, rows.addresses.toBytes(), rows.appointmentCount, rows.appointments.toBytes());
    }

    private static final class Rows {
        final CopyText patients;
        final CopyText contacts;
        final CopyText addresses;
        final CopyText appointments;
        long contactCount;
        long addressCount;
        long appointmentCount;

        Rows(int count) {
            patients = new CopyText(count * 130);
            contacts = new CopyText(count * 90);
            addresses = new CopyText(count * 80);
            appointments = new CopyText(count * 5 * 110);
        }
    }

    private void patient(long id, Rows rows) {
        int clinicIndex = pick(clinicWeights);
        ClinicSite clinic = clinics.get(clinicIndex);

        String gender = gender();
        boolean female = "female".equals(gender) || (!"male".equals(gender) && random.nextBoolean());
        boolean accented = random.nextInt(100) < 12;
        String first = accented && random.nextInt(10) < 8 ? pools.accented.first(female, random) : firstName(female);
        String last = accented && random.nextInt(10) < 9 ? pools.accented.last(random) : pools.surnames.draw(random);
        if (random.nextInt(1000) < 15) {
            last = last + "-" + (accented ? pools.accented.last(random) : pools.surnames.draw(random));
        }
        String middle = random.nextInt(100) < 30 ? (accented ? pools.accented.first(female, random) : firstName(female)) : null;

        int age = age();
        LocalDate dob = asOf.minusYears(age).minusDays(random.nextInt(365));
        String status = status(age);
        long mergedInto = 0;
        if ("merged".equals(status)) {
            mergedInto = lastActive[clinicIndex];
            if (mergedInto == 0) {
                status = "inactive";
            }
        } else if ("active".equals(status)) {
            lastActive[clinicIndex] = id;
        }
        Instant created = created(dob);

        rows.patients.add(id).add(clinic.id()).add(mrn(id)).add(first).add(middle).add(last).addPlain(dob)
                .addPlain(gender).addPlain(status).addId(mergedInto).addPlain(created).addPlain(created).endRow();

        contacts(id, first, last, age, rows);
        addresses(id, clinic, rows);
        appointments(id, clinic, dob, status, rows);
    }

    /** Unique per clinic because ids are unique; the letter keeps seeded numbers apart from imported ones. */
    static String mrn(long id) {
        String digits = Long.toString(id);
        return digits.length() >= 9 ? "M" + digits : "M" + "000000000".substring(digits.length()) + digits;
    }

    private String firstName(boolean female) {
        return female ? pools.female.draw(random) : pools.male.draw(random);
    }

    private String gender() {
        int g = random.nextInt(1000);
        return g < 505 ? "female" : g < 990 ? "male" : g < 995 ? "other" : "unknown";
    }

    private int age() {
        int band = pick(AGE_BANDS);
        return band * 10 + random.nextInt(band == AGE_BANDS.length - 1 ? 11 : 10);
    }

    private String status(int age) {
        int s = random.nextInt(1000);
        int deceased = age >= 80 ? 120 : age >= 65 ? 40 : 5;
        if (s < deceased) {
            return "deceased";
        } else if (s < deceased + 15) {
            return "merged";
        } else if (s < deceased + 85) {
            return "inactive";
        }
        return "active";
    }

    private Instant created(LocalDate dob) {
        LocalDate from = dob.isAfter(asOf.minusYears(10)) ? dob : asOf.minusYears(10);
        long days = ChronoUnit.DAYS.between(from, asOf);
        LocalDate day = from.plusDays(days <= 0 ? 0 : random.nextLong(days + 1));
        Instant instant = day.atStartOfDay().plusSeconds(random.nextInt(86_400)).toInstant(ZoneOffset.UTC);
        return instant.isAfter(now) ? now : instant;
    }

    private void contacts(long id, String first, String last, int age, Rows rows) {
        String email = random.nextInt(100) < (age < 13 ? 30 : 70) ? email(first, last) : null;
        String mobile = random.nextInt(100) < 92 ? Phones.random(random) : null;
        if (mobile != null || email != null) {
            contact(id, "mobile", mobile, email, true, rows);
        }
        if (random.nextInt(100) < 25) {
            contact(id, "home", Phones.random(random), null, mobile == null && email == null, rows);
        }
        if (age >= 18 && age < 67 && random.nextInt(100) < 10) {
            contact(id, "work", Phones.random(random), null, false, rows);
        }
    }

    private static void contact(long id, String kind, String phone, String email, boolean primary, Rows rows) {
        rows.contacts.add(id).addPlain(kind).add(phone).add(email).add(primary).endRow();
        rows.contactCount++;
    }

    private String email(String first, String last) {
        String f = ascii(first);
        String l = ascii(last);
        String domain = EMAIL_DOMAINS[random.nextInt(EMAIL_DOMAINS.length)];
        return switch (random.nextInt(4)) {
            case 0 -> f + "." + l + "@" + domain;
            case 1 -> f.charAt(0) + l + random.nextInt(100) + "@" + domain;
            case 2 -> f + l.charAt(0) + (1950 + random.nextInt(70)) + "@" + domain;
            default -> f + "_" + l + "@" + domain;
        };
    }

    static String ascii(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "");
        return folded.isEmpty() ? "patient" : folded.toLowerCase(Locale.ROOT);
    }

    private void addresses(long id, ClinicSite clinic, Rows rows) {
        if (random.nextInt(100) >= 96) {
            return;
        }
        int count = random.nextInt(100) < 6 ? 2 : 1;
        AddressPools a = pools.addresses;
        for (int i = 0; i < count; i++) {
            String street = (1 + random.nextInt(random.nextBoolean() ? 999 : 19_999)) + " "
                    + a.streets[random.nextInt(a.streets.length)];
            if (random.nextInt(100) < 12) {
                street = street + (random.nextBoolean() ? " Apt " : " Unit ") + (1 + random.nextInt(40))
                        + (char) ('A' + random.nextInt(6));
            }
            boolean local = random.nextInt(100) < 85;
            String state = local ? clinic.state() : a.states[random.nextInt(a.states.length)];
            String city = local && random.nextBoolean() ? clinic.city() : a.cities[random.nextInt(a.cities.length)];
            String[] zips = a.zipsOf(state);
            rows.addresses.add(id).add(street).add(city).add(state).add(zips[random.nextInt(zips.length)])
                    .addPlain("US").endRow();
            rows.addressCount++;
        }
    }

    private void appointments(long id, ClinicSite clinic, LocalDate dob, String status, Rows rows) {
        boolean active = "active".equals(status);
        double mean = active ? 5.6 : "inactive".equals(status) ? 2.5 : 3.5;
        int count = geometric(mean, 80);
        long primaryProvider = clinic.providerIds()[random.nextInt(clinic.providerIds().length)];
        for (int i = 0; i < count; i++) {
            int offset = -PAST_DAYS + random.nextInt(PAST_DAYS + FUTURE_DAYS + 1);
            if (!active && offset >= 0) {
                // only active patients have appointments ahead
                offset = -1 - random.nextInt(PAST_DAYS);
            }
            LocalDate day = openDay(asOf.plusDays(offset), clinic);
            int duration = DURATIONS[random.nextInt(DURATIONS.length)];
            int opens = clinic.opens().toSecondOfDay() / 60;
            int closes = (day.getDayOfWeek() == DayOfWeek.SATURDAY ? LocalTime.of(13, 0) : clinic.closes())
                    .toSecondOfDay() / 60;
            int slots = (closes - opens - duration) / 15 + 1;
            int startMinute = opens + 15 * random.nextInt(slots);
            long provider = random.nextInt(10) < 7 ? primaryProvider
                    : clinic.providerIds()[random.nextInt(clinic.providerIds().length)];
            int statusDraw = random.nextInt(100);
            String reason = random.nextInt(10) == 0 ? null : REASONS[random.nextInt(REASONS.length)];
            if (day.isBefore(dob)) {
                continue;
            }
            Instant starts = LocalDateTime.of(day, LocalTime.ofSecondOfDay(startMinute * 60L)).atZone(clinic.zone())
                    .toInstant();
            Instant ends = starts.plusSeconds(duration * 60L);
            rows.appointments.add(id).add(provider).add(clinic.id()).addPlain(starts).addPlain(ends)
                    .addPlain(appointmentStatus(starts, ends, statusDraw)).add(reason).endRow();
            rows.appointmentCount++;
        }
    }

    /** Clinics are closed on Sundays, and on Saturdays unless they open then. */
    private static LocalDate openDay(LocalDate day, ClinicSite clinic) {
        return switch (day.getDayOfWeek()) {
            case SUNDAY -> day.plusDays(1);
            case SATURDAY -> clinic.saturdays() ? day : day.minusDays(1);
            default -> day;
        };
    }

    private String appointmentStatus(Instant starts, Instant ends, int draw) {
        if (!ends.isAfter(now)) {
            return draw < 85 ? "completed" : draw < 93 ? "cancelled" : "no_show";
        }
        if (!starts.isAfter(now)) {
            return "checked_in";
        }
        boolean soon = starts.isBefore(now.plus(3, ChronoUnit.DAYS));
        return draw < (soon ? 30 : 62) ? "scheduled" : draw < 90 ? "confirmed" : "cancelled";
    }

    /** A geometric count with the given mean: most patients have a few visits, some have many. */
    private int geometric(double mean, int cap) {
        double p = 1 / (mean + 1);
        double u = random.nextDouble();
        int k = (int) Math.floor(Math.log1p(-u) / Math.log1p(-p));
        return Math.min(k, cap);
    }

    private int pick(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
