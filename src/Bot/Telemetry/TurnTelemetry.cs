using System.Diagnostics;
using Bot.Conversation;

namespace Bot.Telemetry;

/// <summary>
/// One span and one set of measurements per turn, started and ended by <see cref="TurnHandler"/>. The span carries
/// the channel and the outcome only; the visitor's words and details stay out of traces.
/// </summary>
public sealed class TurnTelemetry(BotMetrics metrics) : IDisposable
{
    public const string SourceName = "Bot";

    private readonly ActivitySource source = new(SourceName);

    /// <summary>Starts timing a turn; the span exists only while a trace exporter listens (null otherwise).</summary>
    public TurnTiming Start(string? channelId)
    {
        var activity = source.StartActivity("bot.turn");
        activity?.SetTag("bot.channel", ChannelLabel(channelId));
        return new TurnTiming(activity, Stopwatch.GetTimestamp());
    }

    /// <summary>Records how the turn ended; turns that were not messages (a welcome, typing) are not counted.</summary>
    public void End(TurnTiming timing, TurnOutcome? outcome)
    {
        if (outcome is not null)
        {
            // Real elapsed time, not the app's TimeProvider: this is about how long the visitor waited.
            metrics.Turn(outcome, Stopwatch.GetElapsedTime(timing.Started));
            timing.Activity?.SetTag("bot.outcome", outcome.Label);
        }
        timing.Activity?.Dispose();
    }

    /// <summary>Channel ids are short names ("directline", "msteams"); anything else a client might send is not echoed.</summary>
    internal static string ChannelLabel(string? channelId) =>
        channelId is { Length: > 0 and <= 32 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? id : "other";

    public void Dispose() => source.Dispose();
}

/// <summary>A turn in progress: its span (if traced) and when it started.</summary>
public readonly record struct TurnTiming(Activity? Activity, long Started);
