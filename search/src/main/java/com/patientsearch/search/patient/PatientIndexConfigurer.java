package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.ContactInfo;
import com.patientsearch.domain.patient.Patient;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;
import org.hibernate.search.backend.lucene.analysis.model.dsl.LuceneAnalysisComponentParametersStep;
import org.hibernate.search.engine.backend.document.DocumentElement;
import org.hibernate.search.engine.backend.document.IndexFieldReference;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.mapper.orm.mapping.HibernateOrmMappingConfigurationContext;
import org.hibernate.search.mapper.orm.mapping.HibernateOrmSearchMappingConfigurer;
import org.hibernate.search.mapper.pojo.bridge.TypeBridge;
import org.hibernate.search.mapper.pojo.bridge.ValueBridge;
import org.hibernate.search.mapper.pojo.bridge.binding.TypeBindingContext;
import org.hibernate.search.mapper.pojo.bridge.mapping.programmatic.TypeBinder;
import org.hibernate.search.mapper.pojo.bridge.runtime.TypeBridgeWriteContext;
import org.hibernate.search.mapper.pojo.bridge.runtime.ValueBridgeToIndexedValueContext;
import org.hibernate.search.mapper.pojo.mapping.definition.programmatic.ProgrammaticMappingConfigurationContext;
import org.hibernate.search.mapper.pojo.mapping.definition.programmatic.TypeMappingStep;

import java.util.List;
import java.util.stream.Stream;

/**
 * The patient index, in one place: analyzer and field names (constants the query side uses too), the Lucene analyzers,
 * and the mapping of {@link Patient} (the programmatic equivalent of {@code @Indexed} and its field annotations, kept
 * here so the domain module stays free of search concerns and every name is defined once).
 *
 * <p>Names are tokenised like the PostgreSQL path ({@code ps_normalize_name}, {@link NameNormalizer}): apostrophes
 * dropped ("O'Brien" is "obrien"), any other non-letter splits ("Fernández-Núñez" is "fernandez", "nunez"; "de la
 * Cruz" is three words), lower case, accents folded to ASCII (ß is "ss"). The same tokens feed three fields: the words
 * themselves (exact and fuzzy matching), their edge n-grams (type-ahead prefixes) and their Double Metaphone codes
 * (sound-alikes). Registered through {@code hibernate.search.mapping.configurer} and
 * {@code hibernate.search.backend.analysis.configurer} ({@link SearchEngineSettings}).
 */
public final class PatientIndexConfigurer implements HibernateOrmSearchMappingConfigurer, LuceneAnalysisConfigurer {

    /**
     * The name carries the layout of the patient document: a layout that indexes names differently (the joined word of
     * a part of several words, {@link NameNormalizer#joined}) takes a new name, so every node and a shared OpenSearch
     * cluster build it afresh at start, where an index under the old name would answer without the new words.
     */
    public static final String INDEX = "patient-v2";
    /** The names of earlier layouts: removed from a node's index directory at start (LuceneIndexCheck). */
    static final List<String> EARLIER_INDEXES = List.of("patient");

    /** Words of a name, normalised. */
    public static final String NAME_ANALYZER = "ps_name";
    /** The same words as edge n-grams of 1 to 20 letters (index side only; queries use {@link #NAME_ANALYZER}). */
    public static final String NAME_PREFIX_ANALYZER = "ps_name_prefix";
    /** The same words as Double Metaphone codes, primary and alternate. */
    public static final String NAME_PHONETIC_ANALYZER = "ps_name_phonetic";
    /** Keyword normaliser for e-mail addresses: lower case. */
    public static final String LOWERCASE_NORMALIZER = "ps_lowercase";

    /** First, middle and last name words, one multi-valued field: token order never matters, as on the SQL path. */
    public static final String NAME = "name";
    public static final String NAME_PREFIX = "name_prefix";
    public static final String NAME_PHONETIC = "name_phonetic";
    /** Sort keys equal to the SQL columns last_name_norm and first_name_norm, so both engines order ties alike. */
    public static final String LAST_SORT = "last_sort";
    public static final String FIRST_SORT = "first_sort";
    public static final String ID = "id_sort";
    public static final String CLINIC_ID = "clinic_id";
    public static final String DATE_OF_BIRTH = "dob";
    public static final String GENDER = "gender";
    public static final String STATUS = "status";
    public static final String MRN = "mrn";
    public static final String UPDATED_AT = "updated_at";
    public static final String CONTACTS = "contacts";
    /** Digits of a phone number, reversed: a suffix query ("the last 4 digits") becomes a prefix query. */
    public static final String PHONE_REVERSED = "phone_reversed";
    public static final String PHONE_DIGITS = "phone_digits";
    public static final String EMAIL = "email";

    /** Splits a name into words (analyzers of both backends). */
    public static final String WORD_SPLIT = "[^\\p{L}\\p{M}\\p{N}]+";
    /** Dropped before splitting: "O'Brien" is one word. */
    public static final String APOSTROPHES = "['`´’]";

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        words(context, NAME_ANALYZER);
        words(context, NAME_PREFIX_ANALYZER)
                .tokenFilter("edgeNGram").param("minGramSize", "1").param("maxGramSize", "20");
        words(context, NAME_PHONETIC_ANALYZER)
                // inject=false: the codes replace the words (the words have their own field)
                .tokenFilter("doubleMetaphone").param("inject", "false").param("maxCodeLength", "6");
        context.normalizer(LOWERCASE_NORMALIZER).custom()
                .tokenFilter("lowercase");
    }

    /** The name words every name analyzer starts from: the SQL path's tokens. */
    private static LuceneAnalysisComponentParametersStep words(LuceneAnalysisConfigurationContext context, String name) {
        return context.analyzer(name).custom()
                .tokenizer("pattern").param("pattern", WORD_SPLIT)
                .charFilter("patternReplace").param("pattern", APOSTROPHES).param("replacement", "")
                .tokenFilter("lowercase")
                .tokenFilter("asciiFolding");
    }

    @Override
    public void configure(HibernateOrmMappingConfigurationContext context) {
        ProgrammaticMappingConfigurationContext mapping = context.programmaticMapping();
        TypeMappingStep patient = mapping.type(Patient.class);
        patient.indexed().index(INDEX);
        patient.binder(new NamesBinder());
        patient.property("id").genericField(ID).sortable(Sortable.YES).projectable(Projectable.YES);
        patient.property("dateOfBirth").genericField(DATE_OF_BIRTH);
        patient.property("gender").keywordField(GENDER);
        patient.property("status").keywordField(STATUS);
        patient.property("mrn").keywordField(MRN);
        patient.property("updatedAt").genericField(UPDATED_AT).sortable(Sortable.YES).projectable(Projectable.YES);
        patient.property("contacts").indexedEmbedded(CONTACTS);

        TypeMappingStep contact = mapping.type(ContactInfo.class);
        contact.property("phoneDigits")
                .keywordField(PHONE_DIGITS)
                .keywordField(PHONE_REVERSED).valueBridge(new Reversed());
        contact.property("email").keywordField(EMAIL).normalizer(LOWERCASE_NORMALIZER);
    }

    /** The name fields, the sort keys and the clinic, from one pass over the entity. */
    private static final class NamesBinder implements TypeBinder {

        @Override
        public void bind(TypeBindingContext context) {
            // The clinic of a patient never changes (updatable = false): no dependency to track.
            context.dependencies().use("firstName").use("middleName").use("lastName");
            var schema = context.indexSchemaElement();
            IndexFieldReference<String> name = schema.field(NAME, f -> f.asString().analyzer(NAME_ANALYZER))
                    .multiValued().toReference();
            IndexFieldReference<String> prefix = schema.field(NAME_PREFIX,
                    f -> f.asString().analyzer(NAME_PREFIX_ANALYZER).searchAnalyzer(NAME_ANALYZER)).multiValued().toReference();
            IndexFieldReference<String> phonetic = schema.field(NAME_PHONETIC,
                    f -> f.asString().analyzer(NAME_PHONETIC_ANALYZER)).multiValued().toReference();
            IndexFieldReference<String> last = schema.field(LAST_SORT,
                    f -> f.asString().sortable(Sortable.YES).projectable(Projectable.YES)).toReference();
            IndexFieldReference<String> first = schema.field(FIRST_SORT,
                    f -> f.asString().sortable(Sortable.YES).projectable(Projectable.YES)).toReference();
            IndexFieldReference<Long> clinic = schema.field(CLINIC_ID, f -> f.asLong()).toReference();
            context.bridge(Patient.class, new NamesBridge(name, prefix, phonetic, last, first, clinic));
        }
    }

    private record NamesBridge(IndexFieldReference<String> name, IndexFieldReference<String> prefix,
                               IndexFieldReference<String> phonetic, IndexFieldReference<String> last,
                               IndexFieldReference<String> first, IndexFieldReference<Long> clinic)
            implements TypeBridge<Patient> {

        @Override
        public void write(DocumentElement target, Patient patient, TypeBridgeWriteContext context) {
            Stream.of(patient.getFirstName(), patient.getMiddleName(), patient.getLastName())
                    .filter(part -> part != null && !part.isBlank())
                    .forEach(part -> {
                        target.addValue(name, part);
                        target.addValue(prefix, part);
                        target.addValue(phonetic, part);
                        // the name_tokens of the SQL path hold the joined word too (ps_joined_name)
                        NameNormalizer.joined(part).ifPresent(joined -> {
                            target.addValue(name, joined);
                            target.addValue(prefix, joined);
                            target.addValue(phonetic, joined);
                        });
                    });
            // the same values as the generated SQL columns last_name_norm / first_name_norm
            target.addValue(last, NameNormalizer.normalize(patient.getLastName() == null ? "" : patient.getLastName()));
            target.addValue(first, NameNormalizer.normalize(patient.getFirstName() == null ? "" : patient.getFirstName()));
            target.addValue(clinic, patient.getClinic().getId());
        }
    }

    /** Phone digits reversed, for suffix matching by prefix. */
    private static final class Reversed implements ValueBridge<String, String> {

        @Override
        public String toIndexedValue(String value, ValueBridgeToIndexedValueContext context) {
            return value == null ? null : new StringBuilder(value).reverse().toString();
        }
    }
}
