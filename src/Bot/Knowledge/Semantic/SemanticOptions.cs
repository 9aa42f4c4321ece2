namespace Bot.Knowledge.Semantic;

/// <summary>
/// Meaning beside words (retrieval.md §9, §9.1): Lucene fused with sentence-embedding cosines.
/// Bound from "Retrieval:Semantic". Weights, squash constant and escalation margin come from the calibration.
/// </summary>
public sealed class SemanticOptions
{
    /// <summary>False gives the Lucene-only path, unchanged.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Run MiniLM with int8 weights (a copy made at `kb build` or on first use, <see cref="ModelQuantizer"/>): about
    /// twice as fast, but off by default: on the sealed halves it caught fewer crises mixed into clinic questions and
    /// raised more false alarms than the float model (bench/README.md).
    /// </summary>
    public bool Quantized { get; set; }

    /// <summary>Recent question vectors kept in memory, keyed by normalised text; 0 turns the cache off.</summary>
    public int CacheSize { get; set; } = 1000;

    public double LuceneWeight { get; set; } = 0.5;

    public double CosineWeight { get; set; } = 0.5;

    /// <summary>An entry's cosine = (1 - w) · best over its title and phrasings + w · the answer text's.</summary>
    public double AnswerTextWeight { get; set; }

    /// <summary>Lucene's raw score s is squashed to s/(s+c); c is the median top score of in-scope questions.</summary>
    public double SquashConstant { get; set; } = 1.0;

    /// <summary>When the cheap ranking's top-1 minus top-2 fused score is below this, ask MiniLM (0 = never, 1 = always).</summary>
    public double EscalationMargin { get; set; } = 0.075;

    /// <summary>
    /// A question made only of generic words ("will I be out of it?") is still a question when MiniLM finds an
    /// entry at least this close; below it the visitor is asked to say more.
    /// </summary>
    public double VagueMinCosine { get; set; } = 0.5;

    /// <summary>
    /// Decision thresholds for fused scores; see RetrievalOptions for Lucene's. Since issue 15 they are chosen on the open
    /// half of the questions written blind (tests/Bot.Tests/Data/unseen), for the most right answers with at most 2%
    /// wrong, checked against the project's own set: the grid and its figures are in bench/README.md.
    /// </summary>
    public double AnswerMargin { get; set; } = 0.06;

    public double SuggestMinScore { get; set; } = 0.4;

    public double AnswerMinScore { get; set; } = 10;

    public double AnswerFloor { get; set; } = 0.42;

    /// <summary>Answer when both rankers agree on the top entry, its fused score is at least this and the margin at least <see cref="AgreeMinMargin"/>.</summary>
    public double AgreeMinScore { get; set; } = 0.45;

    public double AgreeMinMargin { get; set; } = 0.01;


    /// <summary>Where the extracted model, the static table and the entry vectors are cached; empty = "semantic" under Storage:DataPath.</summary>
    public string CachePath { get; set; } = "";
}
