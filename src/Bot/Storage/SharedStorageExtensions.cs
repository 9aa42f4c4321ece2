using System.Diagnostics.CodeAnalysis;
using Bot.Conversation;
using Bot.DirectLine;
using Bot.Handoff;
using Bot.Insights;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

public static class SharedStorageExtensions
{
    /// <summary>
    /// With Storage:Provider=PostgreSql, conversation state lives in the database beside the handoffs, so identical
    /// instances share it (the key ring and ContactIndex key follow the same setting, in AddHandoff), and so do Direct Line's transcripts and keys. The embedded
    /// default keeps the in-memory store.
    /// </summary>
    public static IHostApplicationBuilder AddSharedStorage(this IHostApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider != StorageProvider.PostgreSql)
        {
            return builder;
        }
        builder.Services.AddSingleton<PostgreSqlConversationStateStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IConversationStateStore>(s => s.GetRequiredService<PostgreSqlConversationStateStore>()));
        builder.Services.AddHostedService<ConversationStateSweep>();

        // Direct Line: transcripts, the secret and signing key, and news of new activities between instances.
        builder.Services.AddSingleton<PostgreSqlTranscriptStore>();
        builder.Services.AddSingleton<ITranscriptStore>(s => s.GetRequiredService<PostgreSqlTranscriptStore>());
        if (builder.Configuration.HasRedis())
        {
            builder.AddRedis();
            AddRelay<RedisStreamRelay>(builder.Services);
        }
        else
        {
            AddRelay<PostgreSqlStreamRelay>(builder.Services);
        }
        builder.Services.AddSingleton(s =>
        {
            var database = s.GetRequiredService<HandoffDatabase>();
            var protection = s.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
            return new DirectLineKeys(s.GetRequiredService<IOptions<DirectLineOptions>>(),
                DirectLineKeys.Folder(s.GetRequiredService<IConfiguration>(), s.GetRequiredService<IHostEnvironment>()),
                (name, candidate) => SharedKeys.GetOrAddAsync(database, protection, name, candidate, CancellationToken.None).GetAwaiter().GetResult());
        });
        return builder;
    }

    /// <summary>One relay carries both kinds of news between instances: Direct Line's and "phrasings changed".</summary>
    private static void AddRelay<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRelay>(IServiceCollection services)
        where TRelay : class, IStreamRelay, IPhrasingNews, IHostedService
    {
        services.AddSingleton<TRelay>();
        services.AddSingleton<IStreamRelay>(s => s.GetRequiredService<TRelay>());
        services.AddSingleton<IPhrasingNews>(s => s.GetRequiredService<TRelay>());
        services.AddHostedService(s => s.GetRequiredService<TRelay>());
    }
}
