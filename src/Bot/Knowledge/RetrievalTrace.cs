namespace Bot.Knowledge;

/// <summary>How a question was ranked, for eval --explain and the measurements.</summary>
public enum RetrievalMode
{
    /// <summary>Lucene alone (Retrieval:Semantic:Enabled = false).</summary>
    Lucene,
    /// <summary>Lucene fused with the static table, never escalated.</summary>
    Static,
    /// <summary>The default: static hybrid, escalated to the MiniLM hybrid when its top-1 margin is small.</summary>
    Cascade,
    /// <summary>Lucene fused with MiniLM on every question.</summary>
    Sentence,
}

/// <summary>One ranked entry with the parts of its score: Lucene raw and squashed, cosine (of the encoder used), fused.</summary>
public sealed record RankedEntry(KnowledgeEntry Entry, double Score, double Lucene, double LuceneSquashed, double Cosine);

/// <summary>
/// The result the dialog sees plus the ranking behind it. <see cref="Escalated"/>: MiniLM was asked because the cheap
/// ranking's margin (<see cref="CheapMargin"/>) was small. Ranking holds the top entries, best first.
/// </summary>
public sealed record RetrievalTrace(SearchResult Result, IReadOnlyList<RankedEntry> Ranking, RetrievalMode Mode, bool Escalated, double CheapMargin)
{
    public RankedEntry? RunnerUp => Ranking.Count > 1 ? Ranking[1] : null;
}
