using Bot.Conversation;

namespace Bot.Insights;

/// <summary>What the recorder queues for the writer: a handled message turn, or a vote on an answer.</summary>
public abstract record InsightEvent(DateTimeOffset At, string ConversationId);

/// <summary>
/// One message turn. <paramref name="Question"/> is only set for turns whose question is kept for staff (fallback,
/// "did you mean", decline), never for crisis or intake turns; it is redacted by the writer, off the turn's path.
/// </summary>
public sealed record TurnRecorded(DateTimeOffset At, string ConversationId, TurnOutcome Outcome, string? Question, string? Detail)
    : InsightEvent(At, ConversationId);

/// <summary>A visitor's vote on a cited answer; <paramref name="Key"/> makes a changed vote replace the first.</summary>
public sealed record VoteRecorded(DateTimeOffset At, string ConversationId, string Key, string EntryId, string? Question, double? Score, bool Helpful)
    : InsightEvent(At, ConversationId);
