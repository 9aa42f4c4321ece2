namespace Bot.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    public AzureLanguageOptions AzureLanguage { get; set; } = new();
}

/// <summary>The optional Azure AI Language PII check; off unless both the endpoint and the key are set.</summary>
public sealed class AzureLanguageOptions
{
    /// <summary>The resource's endpoint, e.g. https://clinic-language.cognitiveservices.azure.com/.</summary>
    public string Endpoint { get; set; } = "";

    public string Key { get; set; } = "";

    public string ApiVersion { get; set; } = "2023-04-01";

    /// <summary>Past this the local redaction alone is used: a delivery never waits long on the service.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Key);
}
