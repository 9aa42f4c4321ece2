using System.Diagnostics.Metrics;
using Bot.Conversation;

namespace Bot.Telemetry;

/// <summary>
/// The bot's own instruments, in the OpenTelemetry naming style; the Prometheus exporter turns "bot.turns" into
/// bot_turns_total and "bot.turn.duration" (seconds) into bot_turn_duration_seconds. Labels are small fixed sets,
/// never visitor text. Without a listener (the command-line tools) recording costs next to nothing.
/// </summary>
public sealed class BotMetrics
{
    public const string MeterName = "Bot";

    // Seconds: a Lucene turn takes well under a millisecond, a MiniLM escalation tens of milliseconds.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter<long> turns;
    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> handoffsCreated;
    private readonly Counter<long> deliveriesFailed;
    private readonly Counter<long> escalations;

    public BotMetrics(IMeterFactory meters)
    {
        // From the app's own factory, so a listener scoped to this app (MeterScope.Local) sees this app's turns only.
        var meter = meters.Create(MeterName);
        turns = meter.CreateCounter<long>("bot.turns", "{turn}", "Messages handled, by how the bot replied.");
        turnDuration = meter.CreateHistogram("bot.turn.duration", "s", "Time from a message's arrival to the bot's replies.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        handoffsCreated = meter.CreateCounter<long>("bot.handoffs.created", "{request}", "Assessment requests stored for the clinic's team.");
        deliveriesFailed = meter.CreateCounter<long>("bot.deliveries.failed", "{attempt}", "Email or webhook delivery attempts that failed.");
        escalations = meter.CreateCounter<long>("bot.retrieval.escalations", "{question}", "Rankings handed to the sentence model (MiniLM) because the cheap path could not decide.");
    }

    public void Turn(TurnOutcome outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome.Label);
        turns.Add(1, tag);
        turnDuration.Record(elapsed.TotalSeconds, tag);
    }

    public void HandoffCreated(bool urgent) => handoffsCreated.Add(1, new KeyValuePair<string, object?>("urgent", urgent ? "true" : "false"));

    /// <param name="gaveUp">The last attempt: the job is marked failed and waits for staff.</param>
    public void DeliveryFailed(string channel, bool gaveUp) => deliveriesFailed.Add(1,
        new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", gaveUp ? "gave_up" : "retrying"));

    /// <param name="vague">Only generic words, so Lucene had nothing; otherwise the cheap ranking was too close to call.</param>
    public void Escalated(bool vague) => escalations.Add(1, new KeyValuePair<string, object?>("reason", vague ? "vague" : "close_margin"));
}
