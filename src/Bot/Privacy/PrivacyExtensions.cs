using Microsoft.Extensions.Options;

namespace Bot.Privacy;

public static class PrivacyExtensions
{
    /// <summary>Redaction of free text that leaves the handoff record; the Azure AI Language check only when configured.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section)
            .Validate(o => !o.AzureLanguage.IsConfigured || Uri.TryCreate(o.AzureLanguage.Endpoint, UriKind.Absolute, out _),
                "Privacy:AzureLanguage:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalRedactor>();
        builder.Services.AddSingleton<AzureLanguagePii>();
        builder.Services.AddSingleton<OutboundRedactor>();
        builder.Services.AddHttpClient(AzureLanguagePii.HttpClientName, (services, client) =>
            client.Timeout = services.GetRequiredService<IOptions<PrivacyOptions>>().Value.AzureLanguage.Timeout + TimeSpan.FromSeconds(1));
        return builder;
    }
}
