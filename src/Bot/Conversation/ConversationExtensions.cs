using Bot.Conversation.Faq;
using Bot.Conversation.Intake;
using Microsoft.Extensions.Options;

namespace Bot.Conversation;

public static class ConversationExtensions
{
    public static IHostApplicationBuilder AddConversation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new Replies(sp.GetRequiredService<IOptions<ConversationOptions>>().Value.Phone));
        builder.Services.AddSingleton<IConversationStateStore, InMemoryConversationStateStore>();
        builder.Services.AddSingleton<ConversationLocks>();
        builder.Services.AddSingleton<FaqDialog>();
        builder.AddIntake();
        builder.Services.AddOptions<Safety.SafetyOptions>().BindConfiguration(Safety.SafetyOptions.Section);
        builder.Services.AddSingleton<Safety.CrisisExemplars>();
        builder.Services.AddSingleton<Safety.CrisisDetector>();
        builder.Services.AddOptions<Safety.IntentOptions>().BindConfiguration(Safety.IntentOptions.Section);
        builder.Services.AddSingleton<Safety.IntentExemplars>();
        builder.Services.AddSingleton<Safety.StaticExemplarScan>();
        builder.Services.AddSingleton<Safety.RequestClassifier>();
        builder.Services.AddSingleton<Safety.SupportiveMode>();
        builder.Services.AddSingleton<TurnHandler>();
        builder.Services.AddHostedService<Safety.SafetyWarmUp>();
        builder.Services.AddHealthChecks().AddCheck<Safety.CrisisExemplarsHealthCheck>("crisis-exemplars");
        return builder;
    }
}
