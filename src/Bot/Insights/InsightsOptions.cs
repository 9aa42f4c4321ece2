namespace Bot.Insights;

/// <summary>Bound from "Insights"; checked at start-up (InsightsExtensions).</summary>
public sealed class InsightsOptions
{
    public const string Section = "Insights";

    /// <summary>Turns waiting to be written; past it the oldest are dropped rather than slowing a visitor's turn.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How often the writer adds the counts and the queued records to the database, so many turns share one commit.</summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Sentence-model cosine at or above which two unanswered questions count as the same question.</summary>
    public double SameQuestionCosine { get; set; } = 0.8;

    /// <summary>Share of common terms (Jaccard) that makes two questions the same when the sentence model is off.</summary>
    public double SameQuestionTerms { get; set; } = 0.6;

    /// <summary>Example wordings kept per group of questions.</summary>
    public int ExamplesPerQuestion { get; set; } = 3;

    /// <summary>How often an instance looks for phrasings attached on another instance.</summary>
    public TimeSpan PhrasingPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The dashboard's window.</summary>
    public int DashboardDays { get; set; } = 30;

    /// <summary>
    /// Days turns, votes and example wordings are kept (purged by the handoff retention pass); as long as a closed
    /// request by default, and at least the dashboard's window so its figures stay whole.
    /// </summary>
    public int RetentionDays { get; set; } = 90;
}
