package com.patientsearch.perf.search;

import com.patientsearch.perf.BenchContext;
import com.patientsearch.persistence.datasource.OwnerDatabase;
import com.patientsearch.perf.PhoneFormats;
import com.patientsearch.perf.TypedInputs;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.appointment.AppointmentSearchParams;
import com.patientsearch.search.appointment.AppointmentSearchService;
import com.patientsearch.search.paging.Page;
import com.patientsearch.search.patient.Nicknames;
import com.patientsearch.search.patient.PatientIndexState;
import com.patientsearch.search.patient.PatientIndexer;
import com.patientsearch.search.patient.PatientRecordService;
import com.patientsearch.search.patient.PatientSearchService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.TreeSet;

/**
 * The benchmark database: the app's own context (so "ours" is the product's code path) on a seeded database, and
 * query inputs drawn from that data: real names with one injected typo, accents stripped, 3-letter prefixes, phone
 * suffixes and full phones re-typed in several formats, e-mails with their case changed, MRNs, patients, providers'
 * days, and the cursor of page 1,000 of a clinic's year of appointments. Database: {@code -Dbench.db.url}
 * (+ user/password) or the embedded data directory {@code -Dbench.data.dir}.
 *
 * <p>One context per JVM, shared by every benchmark in it: with forks each benchmark has its own JVM anyway; without
 * ({@code -f 0}, the short and full modes of {@code BenchSuite}) the start-up and sampling are paid once,
 * not once per benchmark. A shutdown hook closes it (and stops the embedded PostgreSQL).
 */
@State(Scope.Benchmark)
public class BenchDatabase {

    static final int INPUTS = 2_000;
    /** Inputs per engine family: "smith", "john", "maria" and about 200 more. */
    static final int ENGINE_INPUTS = 203;
    /** Deep page: rows per page and the page number, in a clinic's year of appointments (about 17,000 rows). */
    static final int DEEP_LIMIT = 10;
    static final int DEEP_PAGE = 1_000;
    static final int DEEP_CLINICS = 3;
    static final LocalDate DEEP_FROM = LocalDate.of(2025, 1, 1);
    static final LocalDate DEEP_TO = LocalDate.of(2025, 12, 31);

    private static Shared shared;

    ApplicationContext context;
    PatientSearchService search;
    PatientRecordService records;
    AppointmentSearchService appointments;
    TransactionOperations<Session> transactions;
    SessionFactory sessionFactory;
    /** A front-desk caller of every clinic: the benchmark searches the whole million. */
    CallerScope caller;
    DataSource pool;
    List<String[]> names;          // {typo'd "first last", exact first, exact last, dob}
    List<String> prefixes;
    List<String> phoneSuffixes;
    List<String[]> phones;         // {as typed (one of several formats), its last ten digits}
    List<String[]> emails;         // {as typed (case changed), as stored}
    List<String> mrns;
    List<Long> patientIds;
    List<String[]> providerDays;   // {provider id, local date}
    List<DeepPage> deepPages;
    /** The engine families (EngineSearchBenchmark): one word each, drawn by frequency (a sampled patient's name). */
    List<String> commonWords;
    List<String> typeAheads;       // 3 letters
    List<String> nicknames;        // "nickname last", the first name registered in full
    List<String> soundAlikes;      // "first last" with the last name spelt as it sounds
    PatientIndexState indexState;
    private int next;

    /** One clinic's year of appointments: its code and id, and the cursor that opens page {@link #DEEP_PAGE}. */
    record DeepPage(String clinic, long clinicId, OffsetDateTime from, OffsetDateTime to, String cursor) {
    }

    @Setup(Level.Trial)
    public void start() throws SQLException {
        Shared s = shared();
        context = s.context;
        search = context.getBean(PatientSearchService.class);
        records = context.getBean(PatientRecordService.class);
        appointments = context.getBean(AppointmentSearchService.class);
        transactions = transactions(context);
        sessionFactory = context.getBean(SessionFactory.class);
        pool = s.pool;
        caller = s.caller;
        names = s.names;
        prefixes = s.prefixes;
        phoneSuffixes = s.phoneSuffixes;
        phones = s.phones;
        emails = s.emails;
        mrns = s.mrns;
        patientIds = s.patientIds;
        providerDays = s.providerDays;
        deepPages = s.deepPages;
        commonWords = s.commonWords;
        typeAheads = s.typeAheads;
        nicknames = s.nicknames;
        soundAlikes = s.soundAlikes;
        indexState = context.getBean(PatientIndexState.class);
    }

    int nextIndex(int size) {
        next = (next + 1) % size;
        return next;
    }

    @SuppressWarnings("unchecked")
    private static TransactionOperations<Session> transactions(ApplicationContext context) {
        return context.getBean(TransactionOperations.class);
    }

    private static synchronized Shared shared() throws SQLException {
        if (shared == null) {
            shared = new Shared();
            Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close, "bench-context-close"));
        }
        return shared;
    }

    /** The context and the inputs, built once per JVM. */
    private static final class Shared {
        final ApplicationContext context;
        final DataSource pool;
        final CallerScope caller;
        final List<String[]> names = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();
        final List<String> phoneSuffixes = new ArrayList<>();
        final List<String[]> phones = new ArrayList<>();
        final List<String[]> emails = new ArrayList<>();
        final List<String> mrns = new ArrayList<>();
        final List<Long> patientIds = new ArrayList<>();
        final List<String[]> providerDays = new ArrayList<>();
        final List<DeepPage> deepPages = new ArrayList<>();
        final List<String> commonWords = new ArrayList<>(List.of("smith", "john", "maria"));
        final List<String> typeAheads = new ArrayList<>(List.of("smi", "joh", "mar"));
        final List<String> nicknames = new ArrayList<>();
        final List<String> soundAlikes = new ArrayList<>();

        Shared() throws SQLException {
            long started = System.nanoTime();
            Map<String, Object> properties = BenchContext.properties();
            // benchmarks time queries; the setup builds the textbook index, longer than the API's statement timeout
            properties.put("datasources.default.statement-timeout", "0s");
            context = ApplicationContext.builder().properties(properties).deduceEnvironment(false).start();
            // The schema owner's connections: the setup builds an index and reads every clinic's rows, and the textbook
            // queries run as a textbook design would, without row-level security. "Ours" goes through the services,
            // as the app's login under row-level security, with the caller's clinics bound.
            pool = context.getBean(OwnerDatabase.class).dataSource();
            try (Connection connection = pool.getConnection(); Statement s = connection.createStatement()) {
                // The textbook index, for the textbook queries only; never part of the product schema.
                s.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS bench_textbook_name_trgm ON patient "
                        + "USING gin ((first_name || ' ' || last_name) gin_trgm_ops)");
                // Type-ahead orders completions by these counts; datasets seeded by older builds lack them.
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM name_token WHERE patients > 0")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        s.execute("SELECT ps_refresh_name_token_counts()");
                    }
                }
                TreeSet<String> clinics = new TreeSet<>();
                try (ResultSet rs = s.executeQuery("SELECT code FROM clinic")) {
                    while (rs.next()) {
                        clinics.add(rs.getString(1));
                    }
                }
                caller = new CallerScope("bench", "front_desk", clinics, null);
                samplePatients(s);
                sampleProviderDays(s);
                deepPages(s);
            }
            if (names.isEmpty()) {
                throw new IllegalStateException("the benchmark database has no patients: seed it first");
            }
            engineInputs();
            completeIndex(context);
            System.out.printf("bench inputs: %d names, %d phones, %d e-mails, %d provider days, %d deep pages, in %.1f s%n",
                    names.size(), phones.size(), emails.size(), providerDays.size(), deepPages.size(),
                    (System.nanoTime() - started) / 1e9);
        }

        /** A fixed sample (REPEATABLE): every run and every mode sees the same inputs. */
        private void samplePatients(Statement s) throws SQLException {
            Random random = new Random(42);
            try (ResultSet rs = s.executeQuery("""
                    SELECT p.id, p.first_name, p.last_name, p.date_of_birth::text, p.mrn,
                           (SELECT c.phone_digits FROM contact_info c
                            WHERE c.patient_id = p.id AND c.phone_digits IS NOT NULL ORDER BY c.id LIMIT 1),
                           (SELECT c.email FROM contact_info c
                            WHERE c.patient_id = p.id AND c.email IS NOT NULL ORDER BY c.id LIMIT 1)
                    FROM patient p TABLESAMPLE SYSTEM (1) REPEATABLE (42)
                    WHERE p.status <> 'merged'
                    ORDER BY md5(p.id::text) LIMIT %d""".formatted(INPUTS))) {
                while (rs.next()) {
                    patientIds.add(rs.getLong(1));
                    String first = rs.getString(2);
                    String last = rs.getString(3);
                    names.add(new String[] {TypedInputs.typoName(first, last, random), first, last, rs.getString(4)});
                    prefixes.add(TypedInputs.prefix(first) + " " + TypedInputs.prefix(last));
                    mrns.add(rs.getString(5));
                    String digits = rs.getString(6);
                    if (digits != null && digits.length() >= 10) {
                        phoneSuffixes.add(digits.substring(digits.length() - 4));
                        String ten = digits.substring(digits.length() - 10);
                        phones.add(new String[] {PhoneFormats.format(ten, random.nextInt(PhoneFormats.COUNT)), ten});
                    }
                    String email = rs.getString(7);
                    if (email != null) {
                        emails.add(new String[] {TypedInputs.retype(email, random), email});
                    }
                }
            }
        }

        /**
         * The engine families' inputs from the sampled patients (a random patient's name is a draw by frequency):
         * {@link #ENGINE_INPUTS} of each family, the first and last names taken in turn.
         */
        private void engineInputs() {
            Nicknames known = Nicknames.standard();
            for (int i = 0; i < names.size(); i++) {
                String first = TypedInputs.stripAccents(names.get(i)[1]).toLowerCase(Locale.ROOT);
                String last = TypedInputs.stripAccents(names.get(i)[2]).toLowerCase(Locale.ROOT);
                String word = i % 2 == 0 ? first : last;
                if (commonWords.size() < ENGINE_INPUTS && !word.contains(" ")) {
                    commonWords.add(word);
                }
                if (typeAheads.size() < ENGINE_INPUTS && word.length() > 3 && !word.contains(" ")) {
                    typeAheads.add(TypedInputs.prefix(word));
                }
                Set<String> nicks = known.of(first);
                if (nicknames.size() < ENGINE_INPUTS && !nicks.isEmpty()) {
                    nicknames.add(new TreeSet<>(nicks).first() + " " + last);
                }
                if (soundAlikes.size() < ENGINE_INPUTS && !TypedInputs.soundAlike(last).equals(last)) {
                    soundAlikes.add(first + " " + TypedInputs.soundAlike(last));
                }
            }
        }

        /** An index engine's index, completed once (timed): later runs on the same data reuse it. */
        private static void completeIndex(ApplicationContext context) {
            PatientIndexer indexer = context.getBean(PatientIndexer.class);
            if (!indexer.enabled()) {
                return;
            }
            long patients = indexer.patients();
            long documents = indexer.documents();
            if (documents == patients) {
                System.out.printf(Locale.ROOT, "patient index: %,d documents, complete%n", documents);
                return;
            }
            System.out.printf(Locale.ROOT, "patient index: %,d documents for %,d patients; indexing (load average %s)%n",
                    documents, patients, loadAverage());
            long started = System.nanoTime();
            long indexed = indexer.reindexAll(done -> { });
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "indexed %,d patients in %.1f s (%.0f patients/s), %,d documents; load average %s%n",
                    indexed, seconds, indexed / seconds, indexer.documents(), loadAverage());
        }

        private static String loadAverage() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }

        /** Days on which a provider has appointments, in the clinic's own calendar. */
        private void sampleProviderDays(Statement s) throws SQLException {
            try (ResultSet rs = s.executeQuery("""
                    SELECT a.provider_id, (a.starts_at AT TIME ZONE c.time_zone)::date::text
                    FROM appointment a TABLESAMPLE SYSTEM (0.2) REPEATABLE (42)
                    JOIN clinic c ON c.id = a.clinic_id
                    ORDER BY md5(a.id::text) LIMIT %d""".formatted(INPUTS))) {
                while (rs.next()) {
                    providerDays.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }

        /** Walks the cursor once per clinic to page DEEP_PAGE, as a user paging on would have. */
        private void deepPages(Statement s) throws SQLException {
            List<String[]> clinics = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT code, id, time_zone FROM clinic ORDER BY code LIMIT " + DEEP_CLINICS)) {
                while (rs.next()) {
                    clinics.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            AppointmentSearchService service = context.getBean(AppointmentSearchService.class);
            for (String[] clinic : clinics) {
                String cursor = null;
                for (int page = 1; page < DEEP_PAGE; page++) {
                    Page<?> result = service.search(caller, deepParams(clinic[0], cursor));
                    cursor = result.nextCursor();
                    if (cursor == null) {
                        throw new IllegalStateException("clinic " + clinic[0] + " has fewer than "
                                + DEEP_PAGE * DEEP_LIMIT + " appointments in " + DEEP_FROM.getYear());
                    }
                }
                ZoneId zone = ZoneId.of(clinic[2]);
                deepPages.add(new DeepPage(clinic[0], Long.parseLong(clinic[1]), DEEP_FROM.atStartOfDay(zone).toOffsetDateTime(),
                        DEEP_TO.plusDays(1).atStartOfDay(zone).toOffsetDateTime(), cursor));
            }
        }
    }

    static AppointmentSearchParams deepParams(String clinic, String cursor) {
        return new AppointmentSearchParams(null, null, null, clinic, DEEP_FROM.toString(), DEEP_TO.toString(), null,
                String.valueOf(DEEP_LIMIT), cursor);
    }
}
