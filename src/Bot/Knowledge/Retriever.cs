using Bot.Knowledge.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Knowledge;

/// <summary>
/// The one place the conversation asks "which entries answer this?". With Retrieval:Semantic:Enabled (the default)
/// Lucene is fused with sentence-embedding cosines (<see cref="HybridRanker"/>); without it, the Lucene index alone.
/// Either way the dialog sees ranked <see cref="KnowledgeHit"/>s whose scores the decision thresholds were calibrated on.
/// </summary>
public sealed class Retriever(KnowledgeIndex index, IOptionsMonitor<RetrievalOptions> options, HybridRanker? ranker = null)
{
    public const int MaxHits = 5;

    /// <summary>Fused ranking is configured and its parts are built (on a fresh clone they come a little after the index).</summary>
    public bool IsSemantic => ranker is not null && options.CurrentValue.Semantic.Enabled && ranker.IsReady;

    /// <summary>The answer / did-you-mean thresholds calibrated for the active ranking.</summary>
    public RetrievalOptions Thresholds => options.CurrentValue.Active(IsSemantic);

    public SearchResult Retrieve(string question) => Search(question).Result;

    /// <summary>The ranking with the thresholds of the ranker that made it, so a turn never judges Lucene's scores by the fused bar.</summary>
    public Retrieval Search(string question)
    {
        var semantic = IsSemantic;
        var thresholds = options.CurrentValue.Active(semantic);
        return Prepare(question) switch
        {
            null => new Retrieval(SearchResult.Nothing, thresholds),
            var q => new Retrieval(semantic ? ranker!.Rank(q, RetrievalMode.Cascade).Result : index.Search(q, max: MaxHits), thresholds),
        };
    }

    /// <summary>The question as retrieval searches it (<see cref="QuestionRepair"/>), or null for noise that is no question.</summary>
    public static string? Prepare(string question) =>
        QuestionRepair.IsRepeatedWord(question) ? null : QuestionRepair.Apply(question);

    /// <summary>The ranking with its parts (Lucene, cosine, fused, escalated), in the configured mode or the one asked for.</summary>
    public RetrievalTrace Explain(string question, RetrievalMode? mode = null)
    {
        if (Prepare(question) is not { } prepared)
        {
            return new RetrievalTrace(SearchResult.Nothing, [], mode ?? RetrievalMode.Lucene, false, 0);
        }
        question = prepared;
        var wanted = mode ?? (IsSemantic ? RetrievalMode.Cascade : RetrievalMode.Lucene);
        if (wanted != RetrievalMode.Lucene && ranker is null)
        {
            throw new InvalidOperationException("Semantic retrieval is turned off (Retrieval:Semantic:Enabled = false).");
        }
        if (ranker is not null)
        {
            return ranker.Rank(question, wanted);
        }
        var result = index.Search(question, max: MaxHits);
        var ranked = result.Hits.Select(h => new RankedEntry(h.Entry, h.Score, h.Score, 0, 0)).ToArray();
        return new RetrievalTrace(result, ranked, RetrievalMode.Lucene, false, result.Margin);
    }
}

/// <summary>What retrieval found, and the thresholds it is to be judged by.</summary>
public readonly record struct Retrieval(SearchResult Result, RetrievalOptions Thresholds)
{
    public RetrievalOutcome Outcome => RetrievalDecision.Decide(Result, Thresholds);
}
