package com.patientsearch.search.patient;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why the phonetic field uses Double Metaphone and not Beider-Morse: on the same sound-alike pairs and different
 * names, both analyzers behind the same tokenizer and folding as the index's name analyzer. A pair "matches" when the
 * two names share a code. The figures are in docs/search-engines.md; this test keeps them true.
 */
class PhoneticChoiceTest {

    static final List<List<String>> SOUND_ALIKES = List.of(
            List.of("kathryn", "catherine"), List.of("smith", "schmidt"), List.of("steven", "stephen"),
            List.of("jeffrey", "geoffrey"), List.of("thompson", "tomson"), List.of("sean", "shawn"),
            List.of("reid", "reed"), List.of("phillips", "philips"), List.of("nicolas", "nikolaus"),
            List.of("mohammed", "muhammad"), List.of("aaron", "erin"), List.of("zoe", "zoey"));
    static final List<List<String>> DIFFERENT = List.of(
            List.of("smith", "jones"), List.of("garcia", "maria"), List.of("brown", "green"), List.of("john", "joan"),
            List.of("martin", "morton"), List.of("lee", "li"), List.of("anna", "hannah"), List.of("mark", "mike"),
            List.of("patel", "powell"), List.of("kim", "king"));

    @Test
    void doubleMetaphoneFindsTwiceTheSoundAlikesOfBeiderMorseWithASixthOfTheCodes() throws IOException {
        Analyzer doubleMetaphone = analyzer("doubleMetaphone", Map.of("inject", "false", "maxCodeLength", "6"));
        Analyzer beiderMorse = analyzer("beiderMorse", Map.of("nameType", "GENERIC", "ruleType", "APPROX", "concat", "true",
                "languageSet", "auto"));
        int[] dm = score(doubleMetaphone);
        int[] bm = score(beiderMorse);
        // {sound-alike pairs matched, different pairs matched, codes per name (total)}
        assertThat(dm).containsExactly(10, 3, 30);
        assertThat(bm).containsExactly(5, 2, 178);
    }

    private static int[] score(Analyzer analyzer) throws IOException {
        int alike = 0;
        int falseMatches = 0;
        int codes = 0;
        for (List<String> pair : SOUND_ALIKES) {
            alike += share(analyzer, pair) ? 1 : 0;
            codes += tokens(analyzer, pair.get(0)).size() + tokens(analyzer, pair.get(1)).size();
        }
        for (List<String> pair : DIFFERENT) {
            falseMatches += share(analyzer, pair) ? 1 : 0;
        }
        return new int[] {alike, falseMatches, codes};
    }

    private static boolean share(Analyzer analyzer, List<String> pair) throws IOException {
        return !Collections.disjoint(tokens(analyzer, pair.get(0)), tokens(analyzer, pair.get(1)));
    }

    private static Analyzer analyzer(String phonetic, Map<String, String> params) throws IOException {
        return CustomAnalyzer.builder()
                .withTokenizer("pattern", "pattern", "[^\\p{L}\\p{M}\\p{N}]+")
                .addTokenFilter("lowercase")
                .addTokenFilter("asciiFolding")
                .addTokenFilter(phonetic, new java.util.HashMap<>(params))
                .build();
    }

    static List<String> tokens(Analyzer analyzer, String text) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        }
        return tokens;
    }
}
