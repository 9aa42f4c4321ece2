using Bot.Knowledge.Semantic;

namespace Bot.Knowledge;

public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Folder of knowledge files, relative to the content root (the repo root).</summary>
    public string Path { get; set; } = "knowledge";

    /// <summary>Rebuild the index in the background when a knowledge file changes.</summary>
    public bool WatchForChanges { get; set; } = true;
}

public sealed class RetrievalOptions
{
    public const string Section = "Retrieval";

    /// <summary>Answer directly when top-1 minus top-2 score is at least this (retrieval.md §3.8: margin is the best "answer now" signal).</summary>
    public double AnswerMargin { get; set; } = 0.115;

    /// <summary>Below the answer margin, offer "did you mean" when the top score is at least this; otherwise fall back.</summary>
    public double SuggestMinScore { get; set; } = 0.05;

    /// <summary>Answer even with a small margin when the top score alone is this high (a strong, clear match).</summary>
    public double AnswerMinScore { get; set; } = 0.6;

    /// <summary>Never answer directly below this top score, whatever the margin (fused scores: keeps far-off questions out).</summary>
    public double AnswerFloor { get; set; }

    /// <summary>
    /// Answer with a smaller margin when Lucene alone and the sentence model alone both put the same entry first
    /// (<see cref="SearchResult.RankersAgree"/>) and its score is at least <see cref="AgreeMinScore"/>; never for Lucene alone.
    /// </summary>
    public double AgreeMinScore { get; set; } = double.MaxValue;

    public double AgreeMinMargin { get; set; }

    public SemanticOptions Semantic { get; set; } = new();

    /// <summary>
    /// The thresholds for the active ranking: Lucene's raw scores and the fused scores live on different
    /// scales, so each has its own calibrated set (the top-level ones are Lucene's).
    /// </summary>
    public RetrievalOptions Active(bool semantic) => !semantic ? this : new RetrievalOptions
    {
        AnswerMargin = Semantic.AnswerMargin,
        SuggestMinScore = Semantic.SuggestMinScore,
        AnswerMinScore = Semantic.AnswerMinScore,
        AnswerFloor = Semantic.AnswerFloor,
        AgreeMinScore = Semantic.AgreeMinScore,
        AgreeMinMargin = Semantic.AgreeMinMargin,
        Semantic = Semantic,
    };
}
