namespace Bot.Conversation;

/// <summary>What kind of reply a message got, for the insights store, the dashboard and the metrics.</summary>
public enum TurnKind { Answered, Clarified, Declined, Fallback, Crisis, Advice, SmallTalk, Intake }

/// <summary>
/// How a message was handled: its kind, and for knowledge replies the entry on top and its fused score.
/// The dialog that decides sets it; the turn handler reads it once at the end of the turn.
/// </summary>
public sealed record TurnOutcome(TurnKind Kind, string? EntryId = null, double? Score = null)
{
    public string Label => Kind switch
    {
        TurnKind.SmallTalk => "small_talk",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
