using System.Text.Json;
using Bot.Protocol;

namespace Bot.Conversation;

/// <summary>One turn in progress: what the visitor sent, the state to save afterwards, the replies so far.</summary>
public sealed class Turn(Activity incoming, ConversationState state, string text, string? clientAddress = null)
{
    public Activity Incoming { get; } = incoming;

    /// <summary>The visitor's network address as the channel saw it (for the handoff limits); null when unknown.</summary>
    public string? ClientAddress { get; } = clientAddress;

    public ConversationState State { get; set; } = state;

    /// <summary>The visitor's text, cleaned (see <see cref="TextNormalizer.Clean"/>).</summary>
    public string Text { get; } = text;

    /// <summary>Lower-case, punctuation-free form for pattern matching.</summary>
    public string MatchText { get; } = TextNormalizer.ForMatching(text);

    public List<Activity> Replies { get; } = [];

    /// <summary>How the message was handled; null for turns that are not messages (a welcome, typing).</summary>
    public TurnOutcome? Outcome { get; private set; }

    /// <summary>Records how the message was handled; the last call in a turn wins (a question asked mid-form counts as intake).</summary>
    public void Record(TurnKind kind, string? entryId = null, double? score = null) => Outcome = new TurnOutcome(kind, entryId, score);

    /// <summary>Takes a dialog's decision: its state is the one saved at the end of the turn, its replies are said.</summary>
    public void Apply(Decision decision)
    {
        State = decision.State;
        foreach (var reply in decision.Replies)
        {
            Say(reply.Text, reply.Buttons, reply.Entity);
        }
        if (decision.Outcome is { } outcome)
        {
            Outcome = outcome;
        }
    }

    public void Say(string text, IEnumerable<string>? buttons = null, JsonElement? entity = null)
    {
        var actions = buttons?.Select(b => new CardAction("imBack", b, b)).ToArray();
        Replies.Add(ActivityFactory.Reply(
            Incoming,
            text,
            actions is { Length: > 0 } ? new SuggestedActions(actions) : null,
            entity is { } e ? [e] : null));
    }
}
