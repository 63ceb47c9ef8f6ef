package com.patientsearch.opensearchnode;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.codec.Encoder;
import org.apache.commons.codec.language.Caverphone2;
import org.apache.commons.codec.language.ColognePhonetic;
import org.apache.commons.codec.language.Metaphone;
import org.apache.commons.codec.language.RefinedSoundex;
import org.apache.commons.codec.language.Soundex;
import org.apache.commons.codec.language.bm.Languages;
import org.apache.commons.codec.language.bm.NameType;
import org.apache.commons.codec.language.bm.PhoneticEngine;
import org.apache.commons.codec.language.bm.RuleType;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.phonetic.BeiderMorseFilter;
import org.apache.lucene.analysis.phonetic.DoubleMetaphoneFilter;
import org.apache.lucene.analysis.phonetic.PhoneticFilter;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.analysis.AbstractTokenFilterFactory;
import org.opensearch.index.analysis.TokenFilterFactory;
import org.opensearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.opensearch.plugins.AnalysisPlugin;
import org.opensearch.plugins.Plugin;

/**
 * The {@code phonetic} token filter type of OpenSearch's analysis-phonetic plugin, for the test node only.
 * A production cluster installs the official plugin ({@code bin/opensearch-plugin install analysis-phonetic}; managed
 * services ship it), but Maven Central has no build of it for OpenSearch 2.x. Same type name, same parameters
 * ({@code encoder}, {@code replace}, {@code max_code_len}; {@code rule_type}, {@code name_type},
 * {@code languageset} for Beider-Morse), on the same Lucene filters, so the index settings the app sends work on
 * both.
 */
public final class PhoneticAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of("phonetic", PhoneticFilterFactory::new);
    }

    private static final class PhoneticFilterFactory extends AbstractTokenFilterFactory {

        private static final Map<String, Encoder> SIMPLE_ENCODERS = Map.of(
                "metaphone", new Metaphone(),
                "soundex", new Soundex(),
                "refined_soundex", new RefinedSoundex(),
                "caverphone2", new Caverphone2(),
                "cologne", new ColognePhonetic());

        private final String encoder;
        private final boolean inject;
        private final int maxCodeLength;
        private final PhoneticEngine beiderMorse;
        private final Languages.LanguageSet languages;

        PhoneticFilterFactory(IndexSettings indexSettings, Environment environment, String name, Settings settings) {
            super(indexSettings, name, settings);
            this.encoder = settings.get("encoder", "metaphone").toLowerCase(Locale.ROOT);
            this.inject = !settings.getAsBoolean("replace", true);
            this.maxCodeLength = settings.getAsInt("max_code_len", 4);
            if (encoder.equals("beider_morse") || encoder.equals("bm")) {
                RuleType rules = RuleType.valueOf(settings.get("rule_type", "approx").toUpperCase(Locale.ROOT));
                NameType names = NameType.valueOf(settings.get("name_type", "generic").toUpperCase(Locale.ROOT));
                this.beiderMorse = new PhoneticEngine(names, rules, true);
                List<String> languageSet = settings.getAsList("languageset");
                this.languages = languageSet.isEmpty() ? null : Languages.LanguageSet.from(new HashSet<>(languageSet));
            } else if (encoder.equals("double_metaphone") || SIMPLE_ENCODERS.containsKey(encoder)) {
                this.beiderMorse = null;
                this.languages = null;
            } else {
                throw new IllegalArgumentException("unknown encoder [" + encoder + "] for phonetic token filter");
            }
        }

        @Override
        public TokenStream create(TokenStream input) {
            if (beiderMorse != null) {
                return new BeiderMorseFilter(input, beiderMorse, languages);
            }
            if (encoder.equals("double_metaphone")) {
                return new DoubleMetaphoneFilter(input, maxCodeLength, inject);
            }
            return new PhoneticFilter(input, SIMPLE_ENCODERS.get(encoder), inject);
        }
    }
}
