namespace Bot.Conversation;

public static class ConversationExtensions
{
    public static IHostApplicationBuilder AddConversation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TurnHandler>();
        return builder;
    }
}
