package com.patientsearch.app.seed;

import java.util.Arrays;
import java.util.List;

/** Everything the generator draws names and places from; loading it takes a second or two, so it is reused. */
final class SeedPools {

    final RankedNames surnames;
    final RankedNames male;
    final RankedNames female;
    final AccentedNames accented;
    final AddressPools addresses;

    private SeedPools() {
        this.surnames = RankedNames.resource("/names/us-census-1990-surnames.txt", 10);
        this.male = RankedNames.resource("/names/us-census-1990-first-male.txt", 5);
        this.female = RankedNames.resource("/names/us-census-1990-first-female.txt", 5);
        this.accented = AccentedNames.load();
        List<String> clinicStates = Arrays.stream(ClinicSite.CITIES).map(c -> c[1]).distinct().toList();
        this.addresses = new AddressPools(clinicStates);
    }

    private static volatile SeedPools instance;

    static SeedPools get() {
        if (instance == null) {
            synchronized (SeedPools.class) {
                if (instance == null) {
                    instance = new SeedPools();
                }
            }
        }
        return instance;
    }
}
