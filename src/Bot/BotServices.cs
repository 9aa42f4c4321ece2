using Bot.Conversation;
using Bot.Handoff;
using Bot.Knowledge;
using Bot.Privacy;
using Bot.Logging;
using Bot.Protocol;
using Bot.Storage;
using Bot.Telemetry;

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
        builder.AddRedactedLogging();
        builder.AddTurnTelemetry();
        builder.AddKnowledge();
        builder.AddConversation();
        builder.AddBotProtocol();
        builder.AddHandoff();
        builder.AddSharedStorage();
        builder.AddPrivacy();
        return builder;
    }

    /// <summary>
    /// Waits until the sentence model and the crisis exemplars' MiniLM vectors are in use, where semantic retrieval is on:
    /// tests, `eval` and the terminal chat then see the full models from the first message, not the start-up fallback.
    /// </summary>
    public static async Task WaitForFullModelsAsync(this IServiceProvider services)
    {
        if (services.GetService<Knowledge.Semantic.SemanticIndex>() is null)
        {
            return;
        }
        await services.GetRequiredService<Knowledge.Semantic.SemanticModels>().LoadSentenceAsync();
        await services.GetRequiredService<Conversation.Safety.CrisisExemplars>().WhenSentenceReady;
    }
}
