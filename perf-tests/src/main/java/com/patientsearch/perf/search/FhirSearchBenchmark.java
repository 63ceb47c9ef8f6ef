package com.patientsearch.perf.search;

import com.patientsearch.app.fhir.FhirPatients;
import com.patientsearch.search.patient.PatientSearchParams;
import io.micronaut.json.JsonMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The FHIR layer's price: {@code Patient?name={last name}&birthdate={date}} (FHIR starts-with statement, resources,
 * Bundle, HAPI's JSON) beside the API's same question ({@code q={last name}&dob={date}}: PatientSearchService and
 * the page as Micronaut serialises it), on the same inputs in the same run. Both end at the JSON a client receives.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FhirSearchBenchmark {

    private static final String BASE = "http://localhost:8080/fhir/r4";

    @Benchmark
    public Object fhirNameAndDobOurs(BenchDatabase db) {
        String[] input = db.names.get(db.nextIndex(db.names.size()));
        return db.context.getBean(FhirPatients.class)
                .search(db.caller, Map.of("name", List.of(input[2]), "birthdate", List.of(input[3])), false, BASE).json();
    }

    @Benchmark
    public Object fhirNameAndDobApi(BenchDatabase db) throws IOException {
        String[] input = db.names.get(db.nextIndex(db.names.size()));
        return db.context.getBean(JsonMapper.class).writeValueAsString(db.search.search(db.caller,
                new PatientSearchParams(null, input[2], input[3], null, null, null, null, null, null, null, null)));
    }
}
