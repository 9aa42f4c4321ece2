using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using System.Collections.Concurrent;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.Knowledge;

/// <summary>A knowledge entry with its retrieval score.</summary>
public sealed record KnowledgeHit(KnowledgeEntry Entry, double Score);

/// <summary>
/// Ranked hits for one question. Empty when nothing matched; <see cref="Vague"/> when no content word was left;
/// <see cref="RankersAgree"/> when Lucene alone and the sentence cosine alone put the same entry first as the fusion.
/// </summary>
public sealed record SearchResult(IReadOnlyList<KnowledgeHit> Hits, bool Vague, bool RankersAgree = false)
{
    public static readonly SearchResult Nothing = new([], false);
    public double TopScore => Hits.Count > 0 ? Hits[0].Score : 0;
    public double Margin => Hits.Count switch { 0 => 0, 1 => Hits[0].Score, _ => Hits[0].Score - Hits[1].Score };
}

/// <summary>
/// The Lucene index over the knowledge entries: one document per entry, one writer, one SearcherManager
/// (retrieval.md §4). Rebuilds swap in atomically; searches in flight keep the searcher they acquired.
/// </summary>
public sealed class KnowledgeIndex : IDisposable
{
    private const string IdField = "id", TitleField = "title", QuestionsField = "questions", BodyField = "body", RawField = "raw";
    private static readonly (string Field, float Boost)[] Fields = [(QuestionsField, 3f), (TitleField, 1f), (BodyField, 0.2f)];

    // The raw field holds every phrasing of an entry, so its length norm is small: at 0.5 a misspelt key word scored
    // about a twentieth of the same word spelt right. 2 lifted the calibration half (0.7 and 1.0 changed nothing,
    // 3 cost held-back Lucene-only top-3 and out-of-scope answers).
    private const float TypoBoost = 2f;

    // Words that carry no topic: a question made only of these is vague, not a search (retrieval.md §7.4).
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "how", "why", "what", "whats", "when", "where", "who", "which", "do", "does", "did", "doing", "done", "can", "could",
        "would", "should", "will", "shall", "may", "might", "must", "i", "im", "me", "my", "you", "your", "u", "ur", "we", "us",
        "they", "it", "its", "that", "this", "these", "those", "there", "tell", "more", "about", "please", "pls", "thing",
        "things", "stuff", "ok", "okay", "so", "and", "or", "but", "the", "a", "an", "is", "are", "am", "was", "were", "be",
        "been", "to", "of", "in", "on", "for", "with", "at", "by", "from", "up", "out", "if", "then", "than", "too", "also",
        "just", "really", "very", "much", "many", "some", "any", "all", "know", "want", "get", "like", "have", "has", "had",
        "ya", "yeah", "yes", "no", "not", "hmm", "um", "uh", "explain", "mean", "info", "information", "question",
        // Contractions typed without the apostrophe: not typos of index words ("doesnt" is not "does" or "dose").
        "doesnt", "dont", "didnt", "cant", "wont", "isnt", "arent", "wasnt", "werent", "wouldnt", "shouldnt", "couldnt",
        "havent", "hasnt", "ive", "youre", "whos", "hows", "thats", "theres",
    };

    /// <summary>A word that carries no topic ("how", "does", "you", "whos").</summary>
    public static bool IsGeneric(string word) => GenericWords.Contains(word);

    public static bool IsGeneric(ReadOnlySpan<char> word) => GenericSpans.Contains(word);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> GenericSpans = GenericWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Analyzer _indexAnalyzer;
    private readonly Analyzer _rawAnalyzer = TextAnalysis.Raw();
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _rebuildLock = new(1, 1);
    private volatile QueryAnalysis? _query;
    private volatile IReadOnlyDictionary<string, KnowledgeEntry> _entries = new Dictionary<string, KnowledgeEntry>();

    public KnowledgeIndex()
    {
        var stemmed = TextAnalysis.Stemmed();
        _indexAnalyzer = new PerFieldAnalyzerWrapper(stemmed, new Dictionary<string, Analyzer> { [RawField] = _rawAnalyzer });
        _writer = new IndexWriter(_directory, new IndexWriterConfig(TextAnalysis.Version, _indexAnalyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        _writer.Commit();
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new EntrySearcherFactory(this));
    }

    public bool IsReady => _query is not null;

    /// <summary>The entries the index currently serves, by id.</summary>
    public IReadOnlyDictionary<string, KnowledgeEntry> Entries => _entries;

    public int Generation { get; private set; }

    /// <summary>Score with Lucene's own disjunction scorer instead of <see cref="TermAtATimeScorer"/> (to compare the two).</summary>
    internal bool UseLuceneScorer { get; init; }

    public void Rebuild(KnowledgeSet set)
    {
        _rebuildLock.Wait();
        try
        {
            // The new searcher maps its documents to these; searches still on the old one keep the old mapping.
            _entries = set.Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);

            _writer.DeleteAll();
            foreach (var entry in set.Entries)
            {
                _writer.AddDocument(ToDocument(entry));
            }
            // One segment, so each searcher can read every term's postings once (CachedTermQuery).
            _writer.ForceMerge(1);
            _writer.Commit();
            _searchers.MaybeRefreshBlocking();

            var previous = _query;
            var vocabulary = set.Entries.SelectMany(e => e.Questions.Append(e.Title)).SelectMany(t => TextAnalysis.Tokens(_rawAnalyzer, t));
            _query = new QueryAnalysis(TextAnalysis.Stemmed(TextAnalysis.BuildSynonyms(set.Synonyms)), new TypoMatcher(vocabulary, EnglishWords.All));
            Generation++;
            // A search that started before the swap may still hold the old analyzer for a moment.
            if (previous is not null)
            {
                _ = Task.Delay(TimeSpan.FromSeconds(10)).ContinueWith(_ => previous.Dispose(), TaskScheduler.Default);
            }
        }
        finally
        {
            _rebuildLock.Release();
        }
    }

    private static Document ToDocument(KnowledgeEntry entry)
    {
        var doc = new Document
        {
            new StringField(IdField, entry.Id, Field.Store.YES),
            new TextField(TitleField, entry.Title, Field.Store.NO),
            new TextField(BodyField, entry.Answer, Field.Store.NO),
            new TextField(RawField, entry.Title, Field.Store.NO),
        };
        foreach (var q in entry.Questions)
        {
            doc.Add(new TextField(QuestionsField, q, Field.Store.NO));
            doc.Add(new TextField(RawField, q, Field.Store.NO));
        }
        return doc;
    }

    public SearchResult Search(string text, int max = 5) => Search(text, max, explain: false).Result;

    /// <summary>Search, optionally explaining which query words matched each hit (for eval --explain).</summary>
    public (SearchResult Result, IReadOnlyList<HitExplanation> Explanations) Search(string text, int max, bool explain)
    {
        var query = _query;
        if (query is null || string.IsNullOrWhiteSpace(text))
        {
            return (SearchResult.Nothing, []);
        }
        var rawWords = TextAnalysis.Tokens(_rawAnalyzer, text);
        if (rawWords.TrueForAll(IsGeneric))
        {
            return (new SearchResult([], Vague: true), []);
        }

        var searcher = _searchers.Acquire();
        try
        {
            var (lucene, clauses) = BuildQuery(query, rawWords, text, (EntrySearcher)searcher, explain);
            if (lucene.Clauses.Count == 0)
            {
                return (new SearchResult([], Vague: true), []);
            }
            var entrySearcher = (EntrySearcher)searcher;
            var top = (UseLuceneScorer ? null : entrySearcher.TermAtATime?.Search(lucene, max)) ?? LuceneTop(searcher, lucene, max);
            var byDoc = entrySearcher.EntriesByDoc;
            var hits = new List<KnowledgeHit>(top.Length);
            List<HitExplanation>? explanations = explain ? [] : null;
            foreach (var sd in top)
            {
                if (byDoc[sd.Doc] is not { } entry)
                {
                    continue;
                }
                hits.Add(new KnowledgeHit(entry, sd.Score));
                if (explain)
                {
                    explanations!.Add(Explain(searcher, clauses!, entry, sd));
                }
            }
            return (new SearchResult(hits, Vague: false), explanations ?? []);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private static ScoreDoc[] LuceneTop(IndexSearcher searcher, Query query, int max)
    {
        // In-order collection keeps BooleanQuery on its disjunction scorer: the out-of-order BooleanScorer
        // allocates a 2,048-bucket table per nested query, most of a search's garbage on an index this small.
        var collector = TopScoreDocCollector.Create(max, docsScoredInOrder: true);
        searcher.Search(query, collector);
        return collector.GetTopDocs().ScoreDocs;
    }

    // A method of its own: the lambda's captured hit would otherwise cost every search a closure per hit.
    private static HitExplanation Explain(IndexSearcher searcher, List<(string Label, Query Query)> clauses, KnowledgeEntry entry, ScoreDoc hit) =>
        new(entry.Id, hit.Score, clauses.Where(c => searcher.Explain(c.Query, hit.Doc).IsMatch).Select(c => c.Label).ToArray());

    /// <summary>
    /// One SHOULD clause per query position over the three fields, synonyms at the same position folded in;
    /// plus, for each word the index has never seen (a typo), a clause over its near neighbours in the
    /// unstemmed field (<see cref="TypoMatcher"/>).
    /// </summary>
    private static (BooleanQuery Query, List<(string Label, Query Query)>? Clauses) BuildQuery(
        QueryAnalysis analysis, List<string> rawWords, string text, EntrySearcher searcher, bool explain)
    {
        var top = new BooleanQuery();
        // Labelled clauses only for eval --explain; a turn needs just the query.
        var clauses = explain ? new List<(string, Query)>() : null;
        var position = new List<string>();

        void Flush()
        {
            if (position.Count == 0)
            {
                return;
            }
            var q = new BooleanQuery(disableCoord: true);
            // Lists of a few words, de-duplicated in place: LINQ's Distinct would build a set per position per search.
            for (var i = 0; i < position.Count; i++)
            {
                var term = position[i];
                if (position.IndexOf(term) != i)
                {
                    continue;
                }
                foreach (var (field, boost) in Fields)
                {
                    q.Add(searcher.TermQuery(field, term, boost), Occur.SHOULD);
                }
            }
            top.Add(q, Occur.SHOULD);
            clauses?.Add((string.Join('/', position.Distinct()), q));
            position.Clear();
        }

        using (var ts = analysis.Analyzer.GetTokenStream(BodyField, text))
        {
            var term = ts.AddAttribute<ICharTermAttribute>();
            var inc = ts.AddAttribute<IPositionIncrementAttribute>();
            var type = ts.AddAttribute<ITypeAttribute>();
            ts.Reset();
            while (ts.IncrementToken())
            {
                var isSynonym = type.Type == SynonymFilter.TYPE_SYNONYM;
                if (inc.PositionIncrement > 0)
                {
                    // Tails of multi-word synonym outputs start new positions; they would only add noise.
                    if (isSynonym)
                    {
                        continue;
                    }
                    Flush();
                }
                position.Add(term.ToString());
            }
            ts.End();
        }
        Flush();

        for (var i = 0; i < rawWords.Count; i++)
        {
            var word = rawWords[i];
            if (rawWords.IndexOf(word) != i || word.Length < 4 || word.Any(char.IsDigit) || GenericWords.Contains(word)
                || searcher.Contains(RawField, word))
            {
                continue;
            }
            // The vocabulary words near a typo, each weighted like FuzzyQuery's rewrite: 1 - edits / shorter length.
            var near = analysis.Typos.Near(word);
            if (near.Count == 0)
            {
                continue;
            }
            var fuzzy = new BooleanQuery(disableCoord: true) { Boost = TypoBoost };
            foreach (var (candidate, edits) in near)
            {
                fuzzy.Add(searcher.TermQuery(RawField, candidate, 1f - (float)edits / Math.Min(word.Length, candidate.Length)), Occur.SHOULD);
            }
            top.Add(fuzzy, Occur.SHOULD);
            clauses?.Add(("~" + word, fuzzy));
        }
        return (top, clauses);
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _query?.Dispose();
        _indexAnalyzer.Dispose();
        _rawAnalyzer.Dispose();
        _rebuildLock.Dispose();
    }

    /// <summary>
    /// A searcher that knows, from the moment it opens, which entry each document is and where each indexed term
    /// lives. Per search, Lucene would otherwise decompress stored fields for every hit and walk the terms
    /// dictionary twice for every clause (most of a search's time and garbage on an index this small).
    /// Scores are exactly those of plain TermQuerys: a word the index lacks gets the same empty statistics.
    /// </summary>
    private sealed class EntrySearcher : IndexSearcher
    {
        private readonly Dictionary<(string Field, string Text), KnownTerm> _terms;
        private readonly ConcurrentDictionary<(string Field, string Text, float Boost), Query> _queries = new();
        private readonly Dictionary<string, CollectionStatistics> _fieldStats = new(StringComparer.Ordinal);
        private readonly TermContext _absent;

        public EntrySearcher(IndexReader reader, IReadOnlyDictionary<string, KnowledgeEntry> entries) : base(reader)
        {
            Similarity = new CachedIdfSimilarity();
            var live = MultiFields.GetLiveDocs(reader);
            EntriesByDoc = new KnowledgeEntry?[reader.MaxDoc];
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if ((live is null || live.Get(doc)) && reader.Document(doc).Get(IdField) is { } id)
                {
                    EntriesByDoc[doc] = entries.GetValueOrDefault(id);
                }
            }

            _terms = [];
            _absent = new TermContext(reader.Context);
            if (MultiFields.GetFields(reader) is not { } fields)
            {
                return;
            }
            // Postings are cached only for a single segment (what Rebuild leaves): they are read per segment.
            var singleSegment = reader.Leaves.Count == 1;
            foreach (var field in fields)
            {
                _fieldStats[field] = base.CollectionStatistics(field);
                if (field == IdField)
                {
                    continue;
                }
                var terms = fields.GetTerms(field).GetEnumerator();
                while (terms.MoveNext())
                {
                    var term = new Term(field, BytesRef.DeepCopyOf(terms.Term));
                    var context = TermContext.Build(reader.Context, term);
                    var postings = singleSegment ? CachedPostings.Read(terms, live) : null;
                    _terms[(field, term.Text)] = new KnownTerm(term, context, postings, base.TermStatistics(term, context));
                }
            }
            if (singleSegment)
            {
                TermAtATime = new TermAtATimeScorer(this, reader.Leaves[0].AtomicReader, _fieldStats.Keys);
            }
        }

        public KnowledgeEntry?[] EntriesByDoc { get; }

        /// <summary>Lucene's scores from the cached postings, a term at a time; null unless the index is one segment.</summary>
        public TermAtATimeScorer? TermAtATime { get; }

        public bool Contains(string field, string text) => _terms.ContainsKey((field, text));

        /// <summary>
        /// A clause for one term. Queries over indexed terms are made once per searcher and shared by every search
        /// (a query is not changed by searching it); the vocabulary and the few boosts bound them. A word the index
        /// lacks gets a fresh query with empty statistics: visitors' words are unbounded.
        /// </summary>
        public Query TermQuery(string field, string text, float boost) =>
            _terms.TryGetValue((field, text), out var known)
                ? _queries.GetOrAdd((field, text, boost), static (key, known) => known.Postings is { } postings
                    ? new CachedTermQuery(known.Term, known.Context, postings, known.Stats) { Boost = key.Boost }
                    : new TermQuery(known.Term, known.Context) { Boost = key.Boost }, known)
                : new TermQuery(new Term(field, text), _absent) { Boost = boost };

        // Read once when the searcher opens: Lucene would build a new statistics object per clause per search.
        public override CollectionStatistics CollectionStatistics(string field) =>
            _fieldStats.TryGetValue(field, out var stats) ? stats : base.CollectionStatistics(field);

        private sealed record KnownTerm(Term Term, TermContext Context, CachedPostings? Postings, TermStatistics Stats);
    }

    /// <summary>
    /// Lucene's default TF-IDF scoring, with each idf worked out once: Lucene builds an explanation (with its
    /// formatted description) for every clause of every search just to carry the idf value.
    /// </summary>
    private sealed class CachedIdfSimilarity : DefaultSimilarity
    {
        private readonly ConcurrentDictionary<(long DocFreq, long MaxDoc), Explanation> _idf = new();

        public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats) =>
            _idf.GetOrAdd((termStats.DocFreq, collectionStats.MaxDoc),
                static (_, args) => args.Self.Compute(args.Collection, args.Term), (Self: this, Collection: collectionStats, Term: termStats));

        private Explanation Compute(CollectionStatistics collectionStats, TermStatistics termStats) => base.IdfExplain(collectionStats, termStats);
    }

    private sealed class EntrySearcherFactory(KnowledgeIndex index) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new EntrySearcher(reader, index._entries);
    }

    private sealed class QueryAnalysis(Analyzer analyzer, TypoMatcher typos) : IDisposable
    {
        public Analyzer Analyzer { get; } = analyzer;
        public TypoMatcher Typos { get; } = typos;
        public void Dispose() => Analyzer.Dispose();
    }
}

public sealed record HitExplanation(string EntryId, double Score, IReadOnlyList<string> MatchedTerms);
