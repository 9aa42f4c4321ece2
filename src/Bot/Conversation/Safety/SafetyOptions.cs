namespace Bot.Conversation.Safety;

/// <summary>
/// The semantic layer's thresholds (section "Safety"), on the margin "mean cosine of the three nearest crisis
/// exemplars minus that of the three nearest others". Chosen on the open half of the blind sets for recall, with
/// false alarms at most 2% (tests/Bot.Tests/Data/unseen/README.md); each encoder has its own scale.
/// </summary>
public sealed class SafetyOptions
{
    public const string Section = "Safety";

    /// <summary>With MiniLM (semantic retrieval on, the model loaded).</summary>
    public double SentenceMargin { get; set; } = 0.05;

    /// <summary>
    /// The same with MiniLM's int8 copy (Retrieval:Semantic:Quantized): its margins sit a little lower, and at 0.05 it
    /// missed four open-half crises the float model caught (bench/README.md).
    /// </summary>
    public double QuantizedSentenceMargin { get; set; } = 0.0425;

    /// <summary>
    /// Where MiniLM is used, only pieces the static table puts at least this near crisis (or distress, in the supportive
    /// mode) are read by MiniLM: most messages are ruled out in microseconds.
    /// </summary>
    public double SentenceGate { get; set; } = -0.03;

    /// <summary>With the static table (semantic retrieval off, or MiniLM still loading).</summary>
    public double StaticMargin { get; set; } = 0.03;

    /// <summary>
    /// Added to the threshold where the semantic layer has less to go on: a window of words cut out of a long run-on
    /// sentence, or a message with a figure of speech ("dying to try it", "bored to death") and no crisis wording.
    /// </summary>
    public double DoubtMargin { get; set; } = 0.06;

    /// <summary>In the supportive mode after crisis resources: nearer crisis or distress than safe by this much.</summary>
    public double SentenceDistressMargin { get; set; } = 0.0;

    public double StaticDistressMargin { get; set; } = 0.0;
}
