using Bot.Protocol;

namespace Bot.Conversation;

/// <summary>
/// The per-turn pipeline shared by every channel (/api/messages, Direct Line, the terminal chat):
/// one incoming activity in, the bot's replies out.
/// </summary>
public sealed class TurnHandler
{
    public Task<IReadOnlyList<Activity>> HandleAsync(Activity incoming, CancellationToken cancellationToken)
    {
        IReadOnlyList<Activity> replies = incoming.Type == ActivityTypes.Message
            ? [ActivityFactory.Reply(incoming, "echo: " + incoming.Text)]
            : [];
        return Task.FromResult(replies);
    }
}
