using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.DirectLine;

public static class DirectLineExtensions
{
    public const string CorsPolicy = "DirectLine";

    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // One instance keeps these in memory and its data folder; AddSharedStorage puts them in the shared database first.
        builder.Services.TryAddSingleton(s => new DirectLineKeys(s.GetRequiredService<IOptions<DirectLineOptions>>(),
            DirectLineKeys.Folder(s.GetRequiredService<IConfiguration>(), s.GetRequiredService<IHostEnvironment>())));
        builder.Services.TryAddSingleton<ITranscriptStore, InMemoryTranscriptStore>();
        builder.Services.TryAddSingleton<IStreamRelay, LocalStreamRelay>();
        builder.Services.AddSingleton<DirectLineTokens>();
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
