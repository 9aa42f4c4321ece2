using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Protocol;

public static class ProtocolExtensions
{
    public static IHostApplicationBuilder AddBotProtocol(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section)
            .Validate(o => !o.RequiresChannelToken || !string.IsNullOrWhiteSpace(o.MicrosoftAppPassword),
                "Bot:MicrosoftAppPassword is required with Bot:MicrosoftAppId: replies to the channel carry a token got with both.")
            .Validate(o => IsHttpsOrLoopback(o.OpenIdMetadataUrl), "Bot:OpenIdMetadataUrl must be an https URL (plain http only on loopback).")
            .Validate(o => IsHttpsOrLoopback(o.TokenEndpoint), "Bot:TokenEndpoint must be an https URL (plain http only on loopback).")
            .ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddHttpClient(nameof(ReplySender), c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddHttpClient(nameof(ChannelTokenValidator), c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddHttpClient(nameof(BotTokenClient), c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChannelTokenValidator>();
        builder.Services.AddSingleton<BotAuthentication>();
        builder.Services.AddSingleton<BotTokenClient>();
        builder.Services.AddSingleton<ReplySender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplySender>());
        return builder;
    }

    // Keys and client secrets travel over these; plain http is for a stand-in on this machine only.
    private static bool IsHttpsOrLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
