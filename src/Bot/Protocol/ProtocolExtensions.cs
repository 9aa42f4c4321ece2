namespace Bot.Protocol;

public static class ProtocolExtensions
{
    public static IHostApplicationBuilder AddBotProtocol(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section);
        builder.Services.AddProblemDetails();
        builder.Services.AddHttpClient(nameof(ReplySender), c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<ReplySender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplySender>());
        return builder;
    }
}
