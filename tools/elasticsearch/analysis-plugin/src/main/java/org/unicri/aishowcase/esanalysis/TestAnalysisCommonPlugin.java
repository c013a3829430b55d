package org.unicri.aishowcase.esanalysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_ALL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_NUMBERS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.CATENATE_WORDS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.GENERATE_WORD_PARTS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.PRESERVE_ORIGINAL;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.SPLIT_ON_NUMERICS;
import static org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

/**
 * TEST-ONLY stand-in for the parts of Elasticsearch's {@code analysis-common} module that the
 * catalogue index uses. The Maven Central ES distribution used by the test harness ships without
 * that module; the official docker image has it and must NOT get this plugin (names would clash).
 *
 * Every component is registered under the module's own name and reads the module's own setting
 * keys and defaults, so one set of index settings works on both nodes. The Lucene classes are the
 * ones the real module wraps ({@code lucene-analysis-common} is already in $ES_HOME/lib).
 * Anything not listed here fails exactly like a missing component would ("failed to find ...").
 */
public class TestAnalysisCommonPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            // Synonym filters need their settings (no bare-name use), like in analysis-common.
            "synonym", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> new SynonymFilterFactory(is, env, name, s, false)),
            "synonym_graph", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> new SynonymFilterFactory(is, env, name, s, true)),
            "edge_ngram", TestAnalysisCommonPlugin::edgeNGramFilter,
            "stemmer", TestAnalysisCommonPlugin::stemmer,
            "porter_stem", (is, env, name, s) -> filter(name, s, PorterStemFilter::new),
            "kstem", (is, env, name, s) -> filter(name, s, KStemFilter::new),
            "asciifolding", TestAnalysisCommonPlugin::asciiFolding,
            "word_delimiter_graph", TestAnalysisCommonPlugin::wordDelimiterGraph
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "edge_ngram", TestAnalysisCommonPlugin::edgeNGramTokenizer,
            // One-liners, handy for normalizers / simple custom analyzers (settings ignored).
            "keyword", (is, env, name, s) -> TokenizerFactory.newFactory(name, KeywordTokenizer::new),
            "whitespace", (is, env, name, s) -> TokenizerFactory.newFactory(name, WhitespaceTokenizer::new)
        );
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends org.apache.lucene.analysis.Analyzer>>> getAnalyzers() {
        // Not requiresAnalysisSettings, so ES also instantiates it for a bare `"analyzer": "english"`.
        return Map.of(
            "english", TestAnalysisCommonPlugin::englishAnalyzer,
            // Case text written in French or Spanish (the catalogue's text_fr / text_es fields).
            "french", TestAnalysisCommonPlugin::frenchAnalyzer,
            "spanish", TestAnalysisCommonPlugin::spanishAnalyzer
        );
    }

    // ---------------------------------------------------------------- analyzers

    /** As analysis-common's EnglishAnalyzerProvider: `stopwords` (default _english_), `stem_exclusion`. */
    private static AnalyzerProvider<EnglishAnalyzer> englishAnalyzer(IndexSettings is, Environment env, String name, Settings s) {
        EnglishAnalyzer analyzer = new EnglishAnalyzer(
            Analysis.parseStopWords(env, s, EnglishAnalyzer.getDefaultStopSet()),
            Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET)
        );
        return new AbstractIndexAnalyzerProvider<>(name, s) {
            @Override
            public EnglishAnalyzer get() {
                return analyzer;
            }
        };
    }

    /** As analysis-common's FrenchAnalyzerProvider: `stopwords` (default _french_), `stem_exclusion`. */
    private static AnalyzerProvider<FrenchAnalyzer> frenchAnalyzer(IndexSettings is, Environment env, String name, Settings s) {
        FrenchAnalyzer analyzer = new FrenchAnalyzer(
            Analysis.parseStopWords(env, s, FrenchAnalyzer.getDefaultStopSet()),
            Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET)
        );
        return provider(name, s, analyzer);
    }

    /** As analysis-common's SpanishAnalyzerProvider: `stopwords` (default _spanish_), `stem_exclusion`. */
    private static AnalyzerProvider<SpanishAnalyzer> spanishAnalyzer(IndexSettings is, Environment env, String name, Settings s) {
        SpanishAnalyzer analyzer = new SpanishAnalyzer(
            Analysis.parseStopWords(env, s, SpanishAnalyzer.getDefaultStopSet()),
            Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET)
        );
        return provider(name, s, analyzer);
    }

    private static <A extends org.apache.lucene.analysis.Analyzer> AnalyzerProvider<A> provider(String name, Settings s, A analyzer) {
        return new AbstractIndexAnalyzerProvider<>(name, s) {
            @Override
            public A get() {
                return analyzer;
            }
        };
    }

    // ---------------------------------------------------------------- token filters

    /** A settings-free filter (porter_stem, kstem ...). */
    private static TokenFilterFactory filter(String name, Settings s, Function<TokenStream, TokenStream> create) {
        return new AbstractTokenFilterFactory(name, s) {
            @Override
            public TokenStream create(TokenStream in) {
                return create.apply(in);
            }
        };
    }

    /** `min_gram` (1), `max_gram` (2), `preserve_original` (false), deprecated `side` (front|back). */
    private static TokenFilterFactory edgeNGramFilter(IndexSettings is, Environment env, String name, Settings s) {
        int minGram = s.getAsInt("min_gram", 1);
        int maxGram = s.getAsInt("max_gram", 2);
        boolean preserveOriginal = s.getAsBoolean("preserve_original", false);
        String side = s.get("side", "front");
        if (side.equals("front") == false && side.equals("back") == false) {
            throw new IllegalArgumentException("invalid side: " + side);
        }
        boolean back = side.equals("back");
        return new AbstractTokenFilterFactory(name, s) {
            @Override
            public TokenStream create(TokenStream in) {
                // side=back == reverse, take front grams, reverse back (same trick as analysis-common)
                TokenStream ts = back ? new ReverseStringFilter(in) : in;
                ts = new EdgeNGramTokenFilter(ts, minGram, maxGram, preserveOriginal);
                return back ? new ReverseStringFilter(ts) : ts;
            }

            @Override
            public boolean breaksFastVectorHighlighter() {
                return true;
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                // Same rule as analysis-common: grams would corrupt synonym rules parsed after this filter.
                throw new IllegalArgumentException(
                    "Token filter [" + name() + "] cannot be used to parse synonyms except as part of an explicit synonym filter parameter"
                );
            }
        };
    }

    /** `language` (or `name`), default porter. Only the English stemmers are provided. */
    private static TokenFilterFactory stemmer(IndexSettings is, Environment env, String name, Settings s) {
        String language = s.get("language", s.get("name", "porter"));
        Function<TokenStream, TokenStream> create = switch (language.toLowerCase(Locale.ROOT)) {
            case "english", "porter" -> PorterStemFilter::new;
            case "light_english", "lightenglish", "kstem" -> KStemFilter::new;
            case "minimal_english", "minimalenglish" -> EnglishMinimalStemFilter::new;
            case "possessive_english", "possessiveenglish" -> EnglishPossessiveFilter::new;
            case "porter2" -> ts -> new SnowballFilter(ts, new EnglishStemmer());
            // analysis-common knows many more languages; fail loudly instead of silently not stemming.
            default -> throw new IllegalArgumentException(
                "stemmer language [" + language + "] is not provided by the test-only analysis plugin"
            );
        };
        return filter(name, s, create);
    }

    /** `preserve_original` (false); usable in normalizers, like analysis-common's. */
    private static TokenFilterFactory asciiFolding(IndexSettings is, Environment env, String name, Settings s) {
        boolean preserveOriginal = s.getAsBoolean("preserve_original", false);
        class Factory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
            Factory() {
                super(name, s);
            }

            @Override
            public TokenStream create(TokenStream in) {
                return new ASCIIFoldingFilter(in, preserveOriginal);
            }

            @Override
            public TokenStream normalize(TokenStream in) {
                return new ASCIIFoldingFilter(in, false); // a normalizer must emit a single token
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                // Synonym rules must not contain stacked tokens (LUCENE-7536), so never preserve there.
                return preserveOriginal ? filter(name(), s, ts -> new ASCIIFoldingFilter(ts, false)) : this;
            }
        }
        return new Factory();
    }

    /** Boolean flags with analysis-common's defaults, `protected_words`, `adjust_offsets`, `ignore_keywords`. */
    private static TokenFilterFactory wordDelimiterGraph(IndexSettings is, Environment env, String name, Settings s) {
        if (s.hasValue("type_table") || s.hasValue("type_table_path")) {
            throw new IllegalArgumentException("[type_table] is not supported by the test-only analysis plugin");
        }
        int flags = flag(s, "generate_word_parts", true, GENERATE_WORD_PARTS)
            | flag(s, "generate_number_parts", true, GENERATE_NUMBER_PARTS)
            | flag(s, "catenate_words", false, CATENATE_WORDS)
            | flag(s, "catenate_numbers", false, CATENATE_NUMBERS)
            | flag(s, "catenate_all", false, CATENATE_ALL)
            | flag(s, "split_on_case_change", true, SPLIT_ON_CASE_CHANGE)
            | flag(s, "preserve_original", false, PRESERVE_ORIGINAL)
            | flag(s, "split_on_numerics", true, SPLIT_ON_NUMERICS)
            | flag(s, "stem_english_possessive", true, STEM_ENGLISH_POSSESSIVE)
            | flag(s, "ignore_keywords", false, WordDelimiterGraphFilter.IGNORE_KEYWORDS);
        boolean adjustOffsets = s.getAsBoolean("adjust_offsets", true);
        var words = Analysis.getWordSet(env, s, "protected_words");
        CharArraySet protectedWords = words == null ? null : CharArraySet.copy(words);
        return new AbstractTokenFilterFactory(name, s) {
            @Override
            public TokenStream create(TokenStream in) {
                return new WordDelimiterGraphFilter(in, adjustOffsets, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, flags, protectedWords);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                throw new IllegalArgumentException(
                    "Token filter [" + name() + "] cannot be used to parse synonyms except as part of an explicit synonym filter parameter"
                );
            }
        };
    }

    private static int flag(Settings s, String key, boolean defaultValue, int flag) {
        return s.getAsBoolean(key, defaultValue) ? flag : 0;
    }

    // ---------------------------------------------------------------- tokenizers

    /** `min_gram` (1), `max_gram` (2), `token_chars` (letter|digit|whitespace|punctuation|symbol|custom), `custom_token_chars`. */
    private static TokenizerFactory edgeNGramTokenizer(IndexSettings is, Environment env, String name, Settings s) {
        int minGram = s.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
        int maxGram = s.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
        IntPredicate tokenChar = tokenChars(s);
        return new AbstractTokenizerFactory(is, s, name) {
            @Override
            public org.apache.lucene.analysis.Tokenizer create() {
                if (tokenChar == null) {
                    return new EdgeNGramTokenizer(minGram, maxGram); // default: every char is a token char
                }
                return new EdgeNGramTokenizer(minGram, maxGram) {
                    @Override
                    protected boolean isTokenChar(int c) {
                        return tokenChar.test(c);
                    }
                };
            }
        };
    }

    /** analysis-common's CharMatcher classes (the per-Unicode-category names are not provided). */
    private static IntPredicate tokenChars(Settings s) {
        List<String> classes = s.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            IntPredicate p = switch (cls.toLowerCase(Locale.ROOT).trim()) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.OTHER_PUNCTUATION,
                        Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.CURRENCY_SYMBOL, Character.MATH_SYMBOL, Character.OTHER_SYMBOL, Character.MODIFIER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    String custom = s.get("custom_token_chars");
                    if (custom == null) {
                        throw new IllegalArgumentException("Token type: 'custom' requires setting `custom_token_chars`");
                    }
                    var codePoints = custom.codePoints().boxed().collect(java.util.stream.Collectors.toSet());
                    yield codePoints::contains;
                }
                default -> throw new IllegalArgumentException(
                    "Unknown token type: '" + cls + "' (the test-only analysis plugin knows letter, digit, whitespace, punctuation, "
                        + "symbol, custom)"
                );
            };
            result = result.or(p);
        }
        return result;
    }
}
