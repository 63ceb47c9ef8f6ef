package com.patientsearch.app.seed;

/** One batch of generated rows in COPY text format, ready for the writer thread. */
record SeedChunk(int patients, byte[] patientRows, long contacts, byte[] contactRows, long addresses,
                 byte[] addressRows, long appointments, byte[] appointmentRows) {
}
