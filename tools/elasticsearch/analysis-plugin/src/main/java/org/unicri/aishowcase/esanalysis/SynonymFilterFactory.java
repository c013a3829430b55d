package org.unicri.aishowcase.esanalysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

/**
 * `synonym` / `synonym_graph` with analysis-common's semantics for Solr-format rules given inline
 * (`synonyms`) or in a file under the config dir (`synonyms_path`), plus `expand` (true),
 * `lenient` (false, or true when `updateable`), `updateable` (makes the filter search-time only).
 *
 * Like the real filter, the rules are parsed with the analysis chain that PRECEDES the filter in
 * each custom analyzer (tokenizer + char filters + earlier token filters), so "Licence Plate
 * Recognition" in a rule matches the lower-cased/stemmed tokens that reach the filter. ES asks
 * for that per-chain copy through getChainAwareTokenFilterFactory(); create() on the unspecialised
 * factory is never called by ES.
 * Not supported: `synonyms_set` (synonyms API), `format: wordnet`, the synonym-token limit.
 */
final class SynonymFilterFactory extends AbstractTokenFilterFactory {

    private final boolean graph;
    private final Settings settings;
    private final Environment env;
    private final boolean expand;
    private final boolean lenient;
    private final AnalysisMode analysisMode;

    SynonymFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings, boolean graph) {
        super(name, settings);
        this.graph = graph;
        this.settings = settings;
        this.env = env;
        if (settings.hasValue("synonyms_set") || "wordnet".equalsIgnoreCase(settings.get("format", ""))) {
            throw new IllegalArgumentException("[synonyms_set] and [format: wordnet] are not supported by the test-only analysis plugin");
        }
        if (settings.hasValue("synonyms") == false && settings.hasValue("synonyms_path") == false) {
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
        this.expand = settings.getAsBoolean("expand", true);
        boolean updateable = settings.getAsBoolean("updateable", false);
        // analysis-common: lenient defaults to `updateable` on indices created by 8.x.
        this.lenient = settings.getAsBoolean("lenient", updateable);
        this.analysisMode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return analysisMode;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        // The analyzer the rules go through = the chain before us. getSynonymFilter() lets earlier
        // filters opt out (earlier synonym filters -> identity) or refuse (edge_ngram, word_delimiter_graph).
        Analyzer ruleAnalyzer = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
        SynonymMap synonyms = buildSynonyms(ruleAnalyzer);
        String name = name();
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream in) {
                if (synonyms.fst == null) {
                    return in; // no rules
                }
                return graph ? new SynonymGraphFilter(in, synonyms, false) : new SynonymFilter(in, synonyms, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                return IDENTITY_FILTER; // a later synonym filter must not see our expansions in its rules
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return analysisMode;
            }
        };
    }

    private SynonymMap buildSynonyms(Analyzer analyzer) {
        String origin;
        Reader rules;
        if (settings.hasValue("synonyms")) {
            origin = "'" + name() + "' analyzer settings";
            StringBuilder sb = new StringBuilder();
            for (String line : Analysis.getWordList(env, settings, "synonyms")) {
                sb.append(line).append(System.lineSeparator());
            }
            rules = new StringReader(sb.toString());
        } else {
            origin = settings.get("synonyms_path");
            // "synonyms" (not "synonyms_path"): getReaderFromFile appends "_path" in its messages
            rules = Analysis.getReaderFromFile(env, origin, "synonyms");
        }
        try {
            LenientSolrSynonymParser parser = new LenientSolrSynonymParser(expand, lenient, analyzer);
            parser.parse(rules);
            return parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms from [" + origin + "]", e);
        }
    }

    /** As analysis-common's ESSolrSynonymParser: with `lenient`, a rule term that cannot be analysed is dropped. */
    private static final class LenientSolrSynonymParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrSynonymParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient) {
                    return new CharsRef(""); // skipped by add()
                }
                throw e;
            }
        }
    }
}
