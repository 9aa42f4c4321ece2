namespace Bot.Conversation.Safety;

/// <summary>
/// The intent layer's thresholds (section "Intents"), by the static table. A request needs both: a margin (mean cosine
/// of its three nearest exemplars minus that of the three nearest general questions) and a closeness (that mean
/// itself), since odd messages far from everything ("whats 15% tip", "recommend a book") can still lean one way.
/// Chosen on the open halves of the blind sets for recall without costing an in-scope answer or booking an
/// out-of-scope message; the table is coarse, so they sit well above the nearest false alarm.
/// </summary>
public sealed class IntentOptions
{
    public const string Section = "Intents";

    public double DoseMargin { get; set; } = 0.12;
    public double DoseCloseness { get; set; } = 0.60;

    public double AdviceMargin { get; set; } = 0.05;
    public double AdviceCloseness { get; set; } = 0.70;

    public double BookingMargin { get; set; } = 0.10;
    public double BookingCloseness { get; set; } = 0.69;

    /// <summary>Fewer words ("ok", "k", "hm ok") are too little for a sentence vector to mean much.</summary>
    public int MinWords { get; set; } = 3;

    public bool Accepts(RequestCloseness c) => c.Nearest switch
    {
        Request.Dose => c.Margin >= DoseMargin && c.Closeness >= DoseCloseness,
        Request.Advice => c.Margin >= AdviceMargin && c.Closeness >= AdviceCloseness,
        Request.Booking => c.Margin >= BookingMargin && c.Closeness >= BookingCloseness,
        _ => false,
    };
}
