using Bot.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Handoff;

public static class HandoffExtensions
{
    /// <summary>
    /// The handoff store (SQLite under Storage:DataPath, or PostgreSQL when Storage:Provider is PostgreSql),
    /// encryption at rest, the outbox dispatcher and whichever delivery channels are configured.
    /// </summary>
    public static IHostApplicationBuilder AddHandoff(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider != StorageProvider.PostgreSql || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Bot")),
                "Storage:Provider is PostgreSql but ConnectionStrings:Bot is not set.")
            .ValidateOnStart();
        builder.Services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section)
            .Validate(o => o.MaxAttempts >= 1, "Handoff:MaxAttempts must be at least 1.")
            .Validate(o => o.MaxPerConversationPerHour >= 1 && o.MaxPerAddressPerHour >= 1, "Handoff:MaxPerConversationPerHour and MaxPerAddressPerHour must be at least 1.")
            .Validate(o => o.RetentionDays >= 1, "Handoff:RetentionDays must be at least 1.")
            .Validate(o => o.PurgeInterval > TimeSpan.Zero, "Handoff:PurgeInterval must be positive.")
            .Validate(o => !o.Webhook.IsConfigured || Uri.TryCreate(o.Webhook.Url, UriKind.Absolute, out _), "Handoff:Webhook:Url must be an absolute URL.")
            .Validate(o => !o.Webhook.IsConfigured || !string.IsNullOrWhiteSpace(o.Webhook.Secret), "Handoff:Webhook:Secret is required with a webhook URL: receivers check the signature.")
            .ValidateOnStart();

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataPath = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, storage.DataPath));
        var keysPath = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, storage.KeysPath ?? Path.Combine(dataPath, "keys")));
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("clinic-bot");
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            // Every instance on the database must decrypt what another encrypted, so the key ring is shared there.
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(
                o => o.XmlRepository = new PostgreSqlXmlRepository(services.GetRequiredService<HandoffDatabase>(), services.GetRequiredService<TimeProvider>())));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }
        if (Storage.KeyRingCertificate.Load(storage, builder.Environment.ContentRootPath) is { } certificate)
        {
            // Encrypts each key where it is kept; the same certificate decrypts it (not looked up in a store).
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        builder.Services.AddSingleton(_ =>
        {
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                return new HandoffDatabase(StorageProvider.PostgreSql, configuration.GetConnectionString("Bot")!);
            }
            return HandoffDatabase.ForSqliteFile(Path.Combine(dataPath, "bot.db"));
        });
        builder.Services.AddSingleton<HandoffProtector>();
        builder.Services.AddSingleton(services => new ContactIndex(
            () => storage.Provider == StorageProvider.PostgreSql
                ? ContactIndex.LoadOrCreateSharedKey(services.GetRequiredService<HandoffDatabase>(), services.GetRequiredService<IDataProtectionProvider>(), keysPath)
                : ContactIndex.LoadOrCreateKey(keysPath),
            services.GetRequiredService<IOptions<HandoffOptions>>()));
        builder.Services.AddSingleton<HandoffStore>();
        builder.Services.AddSingleton<HandoffSubmissions>();
        builder.Services.AddSingleton<HandoffDeletion>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<HandoffService>();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddSingleton<IHandoffNotifier, EmailNotifier>();
        builder.Services.AddSingleton<IHandoffNotifier, WebhookNotifier>();
        builder.Services.AddHttpClient(WebhookNotifier.HttpClientName, (services, client) =>
            client.Timeout = services.GetRequiredService<IOptions<HandoffOptions>>().Value.Webhook.Timeout);
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHealthChecks().AddCheck<HandoffDatabaseHealthCheck>("database");
        builder.Services.AddHostedService<HandoffMaintenance>();
        return builder;
    }
}
