package com.patientsearch.search.patient;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;
import org.apache.lucene.util.automaton.Operations;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** LevenshteinDfa accepts exactly the terms Lucene's own Levenshtein automaton accepts. */
class LevenshteinDfaTest {

    private static final List<String> WORDS = List.of(
            "jonh", "smiht", "katherine", "rodriguez", "willaims", "maria", "garcai", "thompsno", "elizabeht", "lee",
            "anna", "aaron", "llewellyn", "abba", "abab", "mississippi", "a", "ab", "aa", "", "o'brien",
            "fernandeznunez", "łukasz", "müller", "иван", "王小明", "a\uD834\uDD1Eb", "zoë");

    /** Letters edits draw from besides the word's: ASCII, and 2, 3 and 4 UTF-8 bytes, with the encodings' edges. */
    private static final int[] OTHERS = "aez'\u007f\u0080ßł\u07ff\u0800иé中\uffff\uD834\uDD1E\uDBFF\uDFFF".codePoints().toArray();

    @Test
    void acceptsWhatLuceneAcceptsOnEditedAndUnrelatedTerms() {
        Random random = new Random(42);
        for (String word : WORDS) {
            for (int maxEdits = 1; maxEdits <= 2; maxEdits++) {
                for (int exactPrefix = 0; exactPrefix <= 1; exactPrefix++) {
                    CompiledAutomaton lucene = lucene(word, maxEdits, exactPrefix);
                    CompiledAutomaton ours = ours(word, maxEdits, exactPrefix);
                    int[] letters = IntStream.concat(word.codePoints(), IntStream.of(OTHERS)).toArray();
                    int accepted = 0;
                    for (int i = 0; i < 3000; i++) {
                        String candidate = i % 10 == 9
                                ? random(random, letters, random.nextInt(word.length() + 4))
                                : edited(random, word, letters, 1 + random.nextInt(3));
                        boolean expected = run(lucene, candidate);
                        assertThat(run(ours, candidate))
                                .as("%s within %d edits after %d letters: %s", word, maxEdits, exactPrefix, candidate)
                                .isEqualTo(expected);
                        accepted += expected ? 1 : 0;
                    }
                    assertThat(accepted).as("some candidates of %s are within reach", word).isPositive();
                }
            }
        }
    }

    @Test
    void acceptsWhatLuceneAcceptsOnEveryShortTerm() {
        for (String word : List.of("", "a", "ab", "aa", "abab", "abba", "ba", "aab", "é", "éa")) {
            int[] letters = IntStream.concat(word.codePoints().distinct(), "zé\uD834\uDD1E".codePoints()).distinct().toArray();
            for (int maxEdits = 1; maxEdits <= 2; maxEdits++) {
                for (int exactPrefix = 0; exactPrefix <= 1; exactPrefix++) {
                    CompiledAutomaton lucene = lucene(word, maxEdits, exactPrefix);
                    CompiledAutomaton ours = ours(word, maxEdits, exactPrefix);
                    for (String candidate : allUpTo(letters, word.codePointCount(0, word.length()) + maxEdits + 1)) {
                        assertThat(run(ours, candidate))
                                .as("%s within %d edits after %d letters: %s", word, maxEdits, exactPrefix, candidate)
                                .isEqualTo(run(lucene, candidate));
                    }
                }
            }
        }
    }

    @Test
    void sameLanguageAsLuceneOverCodePoints() {
        for (String word : WORDS) {
            for (int maxEdits = 1; maxEdits <= 2; maxEdits++) {
                for (int exactPrefix = 0; exactPrefix <= 1; exactPrefix++) {
                    Automaton ours = LevenshteinDfa.automaton(word, maxEdits, exactPrefix, false);
                    assertThat(ours.isDeterministic()).isTrue();
                    Automaton lucene = Operations.determinize(luceneAutomaton(word, maxEdits, exactPrefix),
                            Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
                    assertThat(Operations.sameLanguage(lucene, ours))
                            .as("%s within %d edits after %d letters", word, maxEdits, exactPrefix).isTrue();
                }
            }
        }
    }

    @Test
    void findsTheSameTermsOfANameDictionary() throws IOException {
        Path names = Path.of("../app/src/main/resources/names");
        List<String> dictionary;
        try (Stream<String> surnames = Files.lines(names.resolve("us-census-1990-surnames.txt")).limit(4000);
             Stream<String> female = Files.lines(names.resolve("us-census-1990-first-female.txt"));
             Stream<String> male = Files.lines(names.resolve("us-census-1990-first-male.txt"))) {
            dictionary = Stream.of(surnames, female, male, Stream.of(
                            "łukasz", "lukasz", "müller", "muller", "иван", "иванов", "王小明", "王小", "zoë", "zoe",
                            "jose", "josé", "smíth", "smi\uD834\uDD1Eth"))
                    .flatMap(s -> s).map(s -> s.toLowerCase(Locale.ROOT)).distinct().toList();
        }
        assertThat(dictionary).hasSizeGreaterThan(8000);
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
                for (String name : dictionary) {
                    Document document = new Document();
                    document.add(new StringField("name", name, Field.Store.NO));
                    writer.addDocument(document);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                Terms terms = MultiTerms.getTerms(reader, "name");
                List<String> queries = new ArrayList<>(WORDS);
                queries.addAll(dictionary.subList(0, 200));
                int found = 0;
                for (String word : queries) {
                    for (int maxEdits = 1; maxEdits <= 2; maxEdits++) {
                        for (int exactPrefix = 0; exactPrefix <= 1; exactPrefix++) {
                            List<String> expected = matches(terms, lucene(word, maxEdits, exactPrefix));
                            assertThat(matches(terms, ours(word, maxEdits, exactPrefix)))
                                    .as("%s within %d edits after %d letters", word, maxEdits, exactPrefix)
                                    .isEqualTo(expected);
                            found += expected.size();
                        }
                    }
                }
                assertThat(found).isGreaterThan(1000);
            }
        }
    }

    /** The query's automaton compiled as AutomatonQuery compiles it. */
    private static CompiledAutomaton ours(String word, int maxEdits, int exactPrefix) {
        AutomatonQuery query = LevenshteinDfa.query(new Term("name", word), maxEdits, exactPrefix,
                MultiTermQuery.CONSTANT_SCORE_REWRITE);
        return new CompiledAutomaton(query.getAutomaton(), null, true, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT,
                query.isAutomatonBinary());
    }

    private static CompiledAutomaton lucene(String word, int maxEdits, int exactPrefix) {
        return new CompiledAutomaton(luceneAutomaton(word, maxEdits, exactPrefix));
    }

    private static Automaton luceneAutomaton(String word, int maxEdits, int exactPrefix) {
        int split = word.offsetByCodePoints(0, Math.min(exactPrefix, word.codePointCount(0, word.length())));
        return new LevenshteinAutomata(word.substring(split), true).toAutomaton(maxEdits, word.substring(0, split));
    }

    private static boolean run(CompiledAutomaton compiled, String candidate) {
        byte[] bytes = candidate.getBytes(StandardCharsets.UTF_8);
        return compiled.runAutomaton.run(bytes, 0, bytes.length);
    }

    private static List<String> matches(Terms terms, CompiledAutomaton compiled) throws IOException {
        List<String> matches = new ArrayList<>();
        TermsEnum termsEnum = compiled.getTermsEnum(terms);
        for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
            matches.add(term.utf8ToString());
        }
        return matches;
    }

    /** The word after that many random inserts, deletes, substitutions and swaps of neighbours. */
    private static String edited(Random random, String word, int[] letters, int edits) {
        List<Integer> text = new ArrayList<>(word.codePoints().boxed().toList());
        for (int e = 0; e < edits; e++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.size());
            int letter = letters[random.nextInt(letters.length)];
            switch (text.isEmpty() ? 0 : random.nextInt(text.size() < 2 ? 3 : 4)) {
                case 0 -> text.add(random.nextInt(text.size() + 1), letter);
                case 1 -> text.set(at, letter);
                case 2 -> text.remove(at);
                default -> {
                    int i = Math.min(at, text.size() - 2);
                    text.add(i, text.remove(i + 1));
                }
            }
        }
        return text(text.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String random(Random random, int[] letters, int length) {
        return text(IntStream.range(0, length).map(i -> letters[random.nextInt(letters.length)]).toArray());
    }

    private static Set<String> allUpTo(int[] letters, int length) {
        Set<String> all = new LinkedHashSet<>(List.of(""));
        List<String> last = List.of("");
        for (int n = 1; n <= length; n++) {
            List<String> longer = new ArrayList<>();
            for (String s : last) {
                for (int letter : letters) {
                    longer.add(s + Character.toString(letter));
                }
            }
            all.addAll(longer);
            last = longer;
        }
        return all;
    }

    private static String text(int[] codePoints) {
        return new String(codePoints, 0, codePoints.length);
    }
}
