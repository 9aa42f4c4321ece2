using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.DirectLine;

public static class DirectLineExtensions
{
    public const string CorsPolicy = "DirectLine";

    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DirectLineKeys>();
        builder.Services.AddSingleton<DirectLineTokens>();
        builder.Services.AddSingleton<ITranscriptStore, InMemoryTranscriptStore>();
        builder.Services.AddSingleton<DirectLineConversations>();

        // The clinic's own website may use the API from the browser; these are the headers directlinejs sends.
        var origins = builder.Configuration.GetSection(DirectLineOptions.Section).Get<DirectLineOptions>()?.AllowedOrigins ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(origins.Select(o => o.TrimEnd('/')).ToArray())
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type", "Accept", "x-ms-bot-agent")
            .WithExposedHeaders("Retry-After")));
        return builder;
    }

    /// <summary>The middleware the Direct Line endpoints rely on: WebSocket upgrades and CORS.</summary>
    public static IApplicationBuilder UseDirectLine(this IApplicationBuilder app)
    {
        app.UseWebSockets();
        app.UseCors();
        return app;
    }
}
