using Bot.Conversation;
using Bot.Handoff;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Storage;

public static class SharedStorageExtensions
{
    /// <summary>
    /// With Storage:Provider=PostgreSql, conversation state lives in the database beside the handoffs, so identical
    /// instances share it (the key ring and ContactIndex key follow the same setting, in AddHandoff). The embedded
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
        return builder;
    }
}
