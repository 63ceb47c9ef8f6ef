package com.patientsearch.search.plan;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.testing.TestPostgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A quick 100,000-patient population for plan tests: surnames built from syllables (a dictionary of thousands)
 * and drawn with a heavy tail, so common names are common and most are rare, as in the census.
 */
public final class SyntheticPatients {

    /** The plan tests' shared population ({@link #loadPlanFixture}), written once per test JVM. */
    public static final String PLAN_FIXTURE = "plan_fixture";
    public static final int PLAN_PATIENTS = 100_000;
    public static final int PLAN_CLINICS = 20;

    private SyntheticPatients() {
    }

    /**
     * {@value #PLAN_PATIENTS} patients in {@value #PLAN_CLINICS} clinics with an address each, ten providers per clinic
     * and three appointments per patient (with a reason) spread over two years around now, analysed: what the plan
     * tests EXPLAIN against. The children of the patients are written on two connections at once (each table by one
     * statement, so its rows and ids are the same every time): the load is the server's work, and there are two cores.
     */
    public static void loadPlanFixture(Connection connection) throws SQLException {
        insert(connection, PLAN_PATIENTS, PLAN_CLINICS);
        CompletableFuture<Void> appointments = CompletableFuture.runAsync(() -> {
            try (Connection second = TestPostgres.get().ownerConnection(connection.getMetaData().getURL());
                 Statement s = second.createStatement()) {
                insertAppointments(s);
            } catch (SQLException e) {
                throw new IllegalStateException("could not load the plan fixture's appointments", e);
            }
        });
        try {
            insertContacts(connection);
            insertAddresses(connection);
        } finally {
            join(appointments);
        }
        try (Statement s = connection.createStatement()) {
            s.execute("ANALYZE");
            // VACUUM as autovacuum would after such a load: it also records the GIN indexes' entry statistics, which
            // the planner's GIN costs read (indexes built on empty partitions have none)
            s.execute("VACUUM ANALYZE appointment");
        }
    }

    private static void insertAppointments(Statement s) throws SQLException {
        s.execute("INSERT INTO provider (clinic_id, first_name, last_name) SELECT c.id, 'Dr', 'P' || i FROM clinic c, generate_series(1, 10) i");
        s.execute("""
                INSERT INTO appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, status, reason)
                SELECT p.id, (SELECT min(id) FROM provider pr WHERE pr.clinic_id = p.clinic_id) + mod(p.id, 10),
                       p.clinic_id, ts, ts + interval '30 minutes',
                       CASE WHEN ts < now() THEN 'completed' ELSE 'scheduled' END,
                       (ARRAY['Annual physical', 'Follow-up visit', 'Back pain', 'Medication refill', 'Skin rash',
                              'Sore throat', 'Headache', 'Blood pressure check', 'Vaccination', 'Lab results review',
                              'Knee pain after a fall', 'Diabetes follow-up', 'Ear pain', 'Prenatal visit',
                              'Anxiety follow-up', 'Chest pain', 'Asthma review', 'Allergy shots', 'Sports physical',
                              'Wound check'])[1 + mod(p.id * 3 + extract(hour FROM ts)::int, 20)]
                FROM patient p, LATERAL (SELECT now() + (mod(p.id * 7 + k, 730) - 365) * interval '1 day' + k * interval '1 hour' AS ts
                                         FROM generate_series(1, 3) k) t""");
    }

    private static void join(CompletableFuture<Void> work) throws SQLException {
        try {
            work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IllegalStateException failed && failed.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A front-desk caller of the first {@code clinics} synthetic clinics (SYN1..SYNn, as {@link #insert} names them). */
    public static CallerScope frontDesk(int clinics) {
        return CallerScope.of("plan", "front_desk",
                IntStream.rangeClosed(1, clinics).mapToObj(i -> "SYN" + i).collect(Collectors.toSet()), null);
    }

    public static void insert(Connection connection, int patients, int clinics) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT setseed(0.42)");
            s.execute("""
                    INSERT INTO clinic (code, name, time_zone)
                    SELECT 'SYN' || i, 'Synthetic ' || i, 'America/New_York' FROM generate_series(1, %d) i""".formatted(clinics));
            s.execute("""
                    CREATE TEMP TABLE syn_last AS
                    SELECT row_number() OVER (ORDER BY random()) AS rank, initcap(a || b || c) AS name
                    FROM unnest(ARRAY['smi','john','wil','bro','jo','gar','mil','dav','rod','mar','her','lo','gon','wal',
                                      'and','tho','tay','moo','jack','mart','lee','per','whi','har','san','cla','ram','lew',
                                      'rob','wal','kin','wri','lop','hil','sco','gre','ada','bak','nel','car']) a,
                         unnest(ARRAY['','th','son','li','ar','an','ez','er','el','ow','ins','ia']) b,
                         unnest(ARRAY['','s','e','ton','ley','ez','ia']) c""");
            s.execute("""
                    CREATE TEMP TABLE syn_first AS
                    SELECT row_number() OVER () AS rank, name
                    FROM unnest(ARRAY['James','Mary','John','Patricia','Robert','Jennifer','Michael','Linda','William',
                                      'Elizabeth','David','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah',
                                      'Charles','Karen','José','María','Jürgen','Zoë','François','Ana','Luis','Sofia',
                                      'Chen','Wei','Olga','Ivan','Fatima','Omar','Aisha','Noah','Liam','Emma','Olivia',
                                      'Mateo','Lucía','Hugo','Chloé','Léa','Björn','Søren','Agnieszka','Łukasz']) AS name""");
            // the name GIN indexes take their entries in sorted batches, as an import's do
            s.execute("SELECT ps_name_indexes_bulk_load(true)");
            s.execute("""
                    WITH f AS (SELECT array_agg(name ORDER BY rank) AS a FROM syn_first),
                         l AS (SELECT array_agg(name ORDER BY rank) AS a FROM syn_last)
                    INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender, status)
                    SELECT c.id, 'SYN-' || g,
                           f.a[1 + floor(power(random(), 2.2) * array_length(f.a, 1))::int],
                           CASE WHEN mod(g, 5) = 0 THEN 'Lee' END,
                           l.a[1 + floor(power(random(), 4) * array_length(l.a, 1))::int],
                           date '1925-01-01' + floor(random() * 36500)::int,
                           CASE WHEN mod(g, 2) = 0 THEN 'female' ELSE 'male' END,
                           CASE WHEN mod(g, 50) = 0 THEN 'inactive' WHEN mod(g, 97) = 0 THEN 'deceased' ELSE 'active' END
                    FROM generate_series(1, %d) g
                    CROSS JOIN f CROSS JOIN l
                    JOIN clinic c ON c.code = 'SYN' || (1 + mod(g, %d))""".formatted(patients, clinics));
            s.execute("SELECT ps_name_indexes_bulk_load(false)");
            s.execute("SELECT ps_refresh_name_token_counts()");
        }
    }

    private static void insertContacts(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
                    SELECT id, 'mobile', '(' || (200 + id % 800) || ') 555-' || lpad((id % 10000)::text, 4, '0'),
                           'p' || id || '@example.com', true
                    FROM patient WHERE mrn LIKE 'SYN-%'""");
        }
    }

    /**
     * One address per synthetic patient: 400 street names (with accents among them) times 4 kinds, 40 towns, postal
     * codes spread over 5 digits, so a street word matches about 1% of addresses and a town 2.5%.
     */
    public static void insertAddresses(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    WITH a AS (SELECT ARRAY['Maple','Oak','Elm','Pine','Cedar','Birch','Walnut','Chestnut','Willow','Spruce',
                                            'Église','Haupt','Mayor','São João','Lake','Hill','River','Park','Mill','Church',
                                            'Bridge','Station','Forest','Meadow','Sunset','Highland','Valley','Orchard',
                                            'Garden','Harbor','Bay','Ridge','Spring','Prospect','Franklin','Lincoln',
                                            'Washington','Madison','Jefferson','Grant'] AS first,
                                      ARRAY['','wood','field','view','brook','dale','ton','side','crest','ford'] AS second,
                                      ARRAY['Street','Avenue','Road','Lane'] AS kind,
                                      ARRAY['Springfield','Riverside','Fairview','Franklin','Greenville','Bristol','Clinton',
                                            'Salem','Madison','Georgetown','Arlington','Ashland','Dover','Oxford','Jackson',
                                            'Burlington','Manchester','Milton','Newport','Auburn','Dayton','Lexington',
                                            'Milford','Winchester','Cleveland','Hudson','Kingston','Mount Vernon','Troy',
                                            'Montréal','Québec','Zürich','Köln','Málaga','São Paulo','Liège','Göteborg',
                                            'Kraków','Reykjavík','Düsseldorf'] AS town)
                    INSERT INTO address (patient_id, street, city, postal_code, country)
                    SELECT p.id, (1 + p.id %% 999) || ' ' || a.first[1 + p.id %% 40] || a.second[1 + (p.id / 40) %% 10]
                                 || ' ' || a.kind[1 + (p.id / 400) %% 4],
                           a.town[1 + (p.id / 7) %% 40], lpad(((p.id * 7919) %% 99999)::text, 5, '0'), 'US'
                    FROM patient p CROSS JOIN a WHERE p.mrn LIKE 'SYN-%%'""".replace("%%", "%"));
        }
    }
}
