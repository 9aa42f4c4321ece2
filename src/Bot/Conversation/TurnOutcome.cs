namespace Bot.Conversation;

/// <summary>What kind of reply a message got, for the insights store, the dashboard and the metrics.</summary>
public enum TurnKind { Answered, Clarified, Declined, Fallback, Crisis, Advice, SmallTalk, Intake }

/// <summary>
/// How a message was handled: its kind, and for knowledge replies the entry on top and its fused score.
/// The dialog that decides sets it; the turn handler reads it once at the end of the turn.
/// </summary>
public sealed record TurnOutcome(TurnKind Kind, string? EntryId = null, double? Score = null)
{
    private static readonly string[] Labels = ["answered", "clarified", "declined", "fallback", "crisis", "advice", "small_talk", "intake"];

    /// <summary>The metric label and the insights store's kind: a fixed string per kind, as every turn asks for it.</summary>
    public string Label => Labels[(int)Kind];
}
