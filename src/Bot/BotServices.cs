using Bot.Conversation;
using Bot.Handoff;
using Bot.Knowledge;
using Bot.Protocol;

namespace Bot;

public static class BotServices
{
    /// <summary>
    /// What every host of the turn pipeline needs, the web app and the command-line tools alike: knowledge,
    /// the conversation (with the intake, which hands requests to the handoff store) and the protocol types.
    /// Throws <see cref="KnowledgeException"/> when knowledge/ is broken.
    /// </summary>
    public static IHostApplicationBuilder AddTurnPipeline(this IHostApplicationBuilder builder)
    {
        builder.AddKnowledge();
        builder.AddConversation();
        builder.AddBotProtocol();
        builder.AddHandoff();
        return builder;
    }
}
