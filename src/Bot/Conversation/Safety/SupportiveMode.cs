using Bot.Protocol;
using Microsoft.Extensions.Options;

namespace Bot.Conversation.Safety;

/// <summary>
/// The turns after crisis resources (conversation.md): distress, or anything the bot is unsure of, gets a short kind
/// reply with the way to 988 instead of a topic list; every other reply keeps one line about 988 and loses the
/// booking pitch. Each supportive reply renews the mode; a visitor who asks to book can still book.
/// </summary>
public sealed class SupportiveMode(Replies replies, IOptions<ConversationOptions> options)
{
    private const string CitationDefinitions = "\n\n[1]: ";

    public bool IsActive(ConversationState state) => state.SupportiveTurnsLeft > 0;

    public ConversationState Begin(ConversationState state) => state with { SupportiveTurnsLeft = options.Value.SupportiveTurns };

    public ConversationState Spend(ConversationState state) => state with { SupportiveTurnsLeft = Math.Max(0, state.SupportiveTurnsLeft - 1) };

    /// <summary>The short kind reply with the way to 988, said instead of whatever the turn had found to say; it renews the mode.</summary>
    public Decision Support(ConversationState state) =>
        new(Begin(state) with { Misses = 0, Suggestions = [] }, [new Reply(replies.Supportive)]);

    /// <summary>Keeps the turn's own reply, with the 988 line under its text and without the booking button.</summary>
    public void Remind(Turn turn, bool keepBooking)
    {
        if (turn.Replies.Count == 0 || turn.Replies[^1] is not { Text: { } text } last)
        {
            return;
        }
        var at = text.LastIndexOf(CitationDefinitions, StringComparison.Ordinal);
        var reminded = at < 0 ? text + "\n\n" + replies.SupportReminder : text[..at] + "\n\n" + replies.SupportReminder + text[at..];
        var actions = last.SuggestedActions?.Actions.Where(a => keepBooking || a.Title != Replies.BookAssessment).ToArray();
        turn.Replies[^1] = last with
        {
            Text = reminded,
            SuggestedActions = actions is { Length: > 0 } ? new SuggestedActions(actions) : null,
            InputHint = actions is { Length: > 0 } ? last.InputHint : "acceptingInput",
        };
    }
}
