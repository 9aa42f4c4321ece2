using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Util;

namespace Bot.Knowledge;

/// <summary>
/// The analysis chains, in one place so indexing and querying cannot drift apart:
/// StandardTokenizer, possessive, lowercase, ASCII folding, [synonyms at query time], English stops, Porter.
/// The "raw" chain (no stems, no stops) feeds typo matching: a typo usually breaks the stemmer too.
/// </summary>
public static class TextAnalysis
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer Stemmed(SynonymMap? synonyms = null) => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream ts = new EnglishPossessiveFilter(Version, source);
        ts = new LowerCaseFilter(Version, ts);
        ts = new ASCIIFoldingFilter(ts);
        if (synonyms?.Fst is not null)
        {
            ts = new SynonymFilter(ts, synonyms, ignoreCase: true);
        }
        ts = new StopFilter(Version, ts, EnglishAnalyzer.DefaultStopSet);
        ts = new PorterStemFilter(ts);
        return new TokenStreamComponents(source, ts);
    });

    public static Analyzer Raw() => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream ts = new EnglishPossessiveFilter(Version, source);
        ts = new LowerCaseFilter(Version, ts);
        ts = new ASCIIFoldingFilter(ts);
        return new TokenStreamComponents(source, ts);
    });

    /// <summary>One-way synonyms (visitor word => KB word), originals kept.</summary>
    public static SynonymMap BuildSynonyms(IEnumerable<SynonymRule> rules)
    {
        var builder = new SynonymMap.Builder(dedup: true);
        using var raw = Raw();
        foreach (var rule in rules)
        {
            foreach (var from in rule.From)
            {
                var input = Join(raw, from);
                if (input is null)
                {
                    continue;
                }
                foreach (var to in rule.To)
                {
                    var output = Join(raw, to);
                    if (output is not null)
                    {
                        builder.Add(input, output, includeOrig: true);
                    }
                }
            }
        }
        return builder.Build();
    }

    private static CharsRef? Join(Analyzer raw, string phrase)
    {
        var words = Tokens(raw, phrase);
        return words.Count == 0 ? null : SynonymMap.Builder.Join(words.ToArray(), new CharsRef());
    }

    public static List<string> Tokens(Analyzer analyzer, string text)
    {
        var result = new List<string>();
        using var ts = analyzer.GetTokenStream("f", text);
        var term = ts.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
        {
            result.Add(term.ToString());
        }
        ts.End();
        return result;
    }
}
