namespace Bot.Conversation.Safety;

/// <summary>What a visitor asks of the bot beyond information: an amount of ketamine, advice for themselves, a booking.</summary>
public enum Request { General, Dose, Advice, Booking }

/// <summary>The request a message is nearest, how near (mean cosine of its three nearest), and how much nearer than a general question.</summary>
public readonly record struct RequestCloseness(Request Nearest, double Closeness, double Margin);

/// <summary>
/// The semantic layer under the dose, advice and booking patterns: curated exemplars (intent-exemplars.tsv) and the
/// knowledge's own questions as general ones, by the static table only, so it costs microseconds and runs in every
/// configuration.
/// </summary>
public sealed class IntentExemplars
{
    // Their questions are requests themselves (bookings, doses, personal health), not general ones.
    private static readonly string[] NotGeneral = ["free-assessment", "decline-dose", "decline-own-medicines", "decline-personal-health"];

    public IntentExemplars(Knowledge.KnowledgeFolder knowledge)
    {
        All = [.. Load(),
            .. knowledge.Initial.Entries.Where(e => !NotGeneral.Contains(e.Id)).SelectMany(e => e.Phrasings).Distinct(StringComparer.Ordinal).Select(q => (Request.General, q))];
    }

    public IReadOnlyList<(Request Request, string Text)> All { get; }

    public static int LabelCount => Enum.GetValues<Request>().Length;

    /// <summary>A summary by request (labels are the <see cref="Request"/> values) as the nearest request and its margin.</summary>
    internal static RequestCloseness Closeness(ReadOnlySpan<double> means)
    {
        var best = Request.Dose;
        foreach (var request in (ReadOnlySpan<Request>)[Request.Advice, Request.Booking])
        {
            if (means[(int)request] > means[(int)best])
            {
                best = request;
            }
        }
        return new RequestCloseness(best, means[(int)best], means[(int)best] - means[(int)Request.General]);
    }

    private static IEnumerable<(Request, string)> Load()
    {
        foreach (var fields in ExemplarFile.Read("Safety.intent-exemplars.tsv"))
        {
            if (fields is [var label, var text] && Enum.TryParse<Request>(label, ignoreCase: true, out var request))
            {
                yield return (request, text);
            }
        }
    }
}
